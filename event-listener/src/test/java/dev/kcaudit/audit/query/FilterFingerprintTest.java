package dev.kcaudit.audit.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.kcaudit.audit.model.IpKey;
import dev.kcaudit.audit.store.AuditFilter;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FilterFingerprintTest {

    private static final RecordComponent[] COMPONENTS = AuditFilter.class.getRecordComponents();

    @Test
    void everyFilterComponentIsPinnedUnlessNamedAsNot() throws Exception {
        AuditFilter base = filter(-1, false);
        String fingerprint = FilterFingerprint.of(base);
        for (int i = 0; i < COMPONENTS.length; i++) {
            String name = COMPONENTS[i].getName();
            String changed = FilterFingerprint.of(filter(i, true));
            if (FilterFingerprint.NOT_PINNED.contains(name)) {
                assertThat(changed).as("AuditFilter.%s is not pinned", name).isEqualTo(fingerprint);
            } else {
                assertThat(changed).as("AuditFilter.%s is pinned", name).isNotEqualTo(fingerprint);
            }
        }
    }

    /**
     * Feed and list cursors issued before the country and device filters existed must still be accepted: these are
     * the fingerprints the code before them gave (a SIEM collector's cursor survives the upgrade).
     */
    @Test
    void cursorsIssuedBeforeCountryAndDeviceExistedStayValid() {
        AuditFilter none = new AuditFilter("r", 0, 1, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), List.of(),
                Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), List.of(), null);
        AuditFilter some = new AuditFilter("r", 0, 1, Set.of("users"), Set.of(), Set.of(), Set.of("alice"), Set.of(),
                List.of(IpKey.range("10.0.0.0/8")), Set.of(), Set.of(), Set.of("failure"), Set.of(), Set.of(), Set.of(),
                List.of("x"), null);
        assertThat(FilterFingerprint.of(none)).isEqualTo("aP8oieYv46KSKAs1");
        assertThat(FilterFingerprint.of(some, "time", "false")).isEqualTo("LrWQ-pdG3kk4YmuE");
    }

    @Test
    void theComponentsLeftOutStillExist() {
        assertThat(Arrays.stream(COMPONENTS).map(RecordComponent::getName).toList())
                .containsAll(FilterFingerprint.NOT_PINNED);
    }

    @Test
    void theOrderOfASetsValuesIsNoMatterButExtrasAre() {
        AuditFilter none = AuditFilter.scopeOnly("r", null).withTimeRange(0, 1);
        AuditFilter a = new AuditFilter("r", 0, 1, new LinkedHashSet<>(List.of("users", "roles")), Set.of(), Set.of(),
                Set.of(), Set.of(), List.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), List.of(), null);
        AuditFilter b = new AuditFilter("r", 0, 1, new LinkedHashSet<>(List.of("roles", "users")), Set.of(), Set.of(),
                Set.of(), Set.of(), List.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), List.of(), null);
        assertThat(FilterFingerprint.of(a)).isEqualTo(FilterFingerprint.of(b)).isNotEqualTo(FilterFingerprint.of(none));
        assertThat(FilterFingerprint.of(a, "time", "true")).isNotEqualTo(FilterFingerprint.of(a, "time", "false"));
    }

    @Test
    void noValueCanPassForTwo() {
        AuditFilter one = new AuditFilter("r", 0, 1, Set.of(), Set.of(), Set.of(), Set.of("a,b"), Set.of(), List.of(),
                Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), List.of(), null);
        AuditFilter two = new AuditFilter("r", 0, 1, Set.of(), Set.of(), Set.of(), Set.of("a", "b"), Set.of(),
                List.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), List.of(), null);
        assertThat(FilterFingerprint.of(one)).isNotEqualTo(FilterFingerprint.of(two));
    }

    /** A filter with a sample value in every component, and another one in component {@code changed}. */
    private static AuditFilter filter(int changed, boolean other) throws Exception {
        Object[] args = new Object[COMPONENTS.length];
        Class<?>[] types = new Class<?>[COMPONENTS.length];
        for (int i = 0; i < COMPONENTS.length; i++) {
            types[i] = COMPONENTS[i].getType();
            args[i] = sample(COMPONENTS[i], i == changed && other);
        }
        Constructor<AuditFilter> constructor = AuditFilter.class.getDeclaredConstructor(types);
        return constructor.newInstance(args);
    }

    private static Object sample(RecordComponent c, boolean other) {
        Type type = c.getGenericType();
        String element = type instanceof ParameterizedType p ? p.getActualTypeArguments()[0].getTypeName() : "";
        if (type == String.class) {
            return other ? "realm-2" : "realm-1";
        }
        if (type == long.class) {
            return other ? 2L : 1L;
        }
        if (c.getType() == Set.class && element.equals(String.class.getName())) {
            return other ? Set.of("a", "b") : Set.of("a");
        }
        if (c.getType() == List.class && element.equals(String.class.getName())) {
            return other ? List.of("a", "b") : List.of("a");
        }
        if (c.getType() == List.class && element.equals(IpKey.Range.class.getName())) {
            return other ? List.of(new IpKey.Range("1", "2")) : List.of(new IpKey.Range("1", "3"));
        }
        return fail("AuditFilter.%s is of a type this test has no sample for (%s): add one, and name it in "
                + "FilterFingerprint.NOT_PINNED if a cursor should outlive a change of it", c.getName(), type);
    }
}
