package dev.kcaudit.audit.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * We compile against Keycloak 26.7 and run on 26.4 too: a Keycloak class, field or method our classes use that an
 * older minor lacks fails there at run time with a LinkageError (26.4 lacked {@code EventType.USER_SESSION_DELETED},
 * and every login went unaudited). This reads every reference to {@code org.keycloak} in our compiled classes and
 * looks it up in the older server's own jars (unpacked by the build into {@code target/keycloak-api/}). A reference
 * that is guarded at run time — only reached where the server has it — is listed in {@link #GUARDED} with its guard.
 */
class KeycloakApiGuardTest {

    /** References our code reaches only after checking that the server has them (owner.name:descriptor -> guard). */
    private static final Map<String, String> GUARDED = Map.of(
            "org/keycloak/organization/OrganizationProvider.getOrganizationGroupsByMember:"
                    + "(Lorg/keycloak/models/OrganizationModel;Lorg/keycloak/models/UserModel;)"
                    + "Ljava/util/stream/Stream;",
            "OrganizationAdmins.GROUPS (StartupReport.hasOrganizationGroups)",
            "org/keycloak/organization/OrganizationProvider.getOrganizationGroup:"
                    + "(Lorg/keycloak/models/OrganizationModel;)Lorg/keycloak/models/GroupModel;",
            "OrganizationAdmins.GROUPS (StartupReport.hasOrganizationGroups)",
            "org/keycloak/organization/OrganizationProvider.getTopLevelGroups:"
                    + "(Lorg/keycloak/models/OrganizationModel;Ljava/lang/Integer;Ljava/lang/Integer;)"
                    + "Ljava/util/stream/Stream;",
            "OrganizationAdmins.GROUPS (Teams.all returns no team without it)",
            "org/keycloak/models/GroupModel.getOrganization:()Lorg/keycloak/models/OrganizationModel;",
            "OrganizationAdmins.GROUPS (Teams.refOf and Teams.covers look no group up without it)",
            "org/keycloak/models/utils/ModelToRepresentation.toRepresentation:(Lorg/keycloak/models/KeycloakSession;"
                    + "Lorg/keycloak/models/RealmModel;Lorg/keycloak/models/IdentityProviderModel;)"
                    + "Lorg/keycloak/representations/idm/IdentityProviderRepresentation;",
            "CommittedState.identityProvider catches NoSuchMethodError and calls 26.4's toRepresentation(realm, idp)");

    private static final Pattern TYPE = Pattern.compile("L(org/keycloak/[^;]+);");

    /** A class as its class file declares it. */
    private record Declared(String name, String superName, List<String> interfaces, Set<String> members) {
    }

    /** What one class file refers to and declares. */
    private record ClassFile(Declared declared, Set<String> classRefs, Set<String> memberRefs) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"26.4.7", "26.5.6"})
    void everyKeycloakClassFieldAndMethodWeUseExistsInTheOlderServer(String version) throws IOException {
        Map<String, Declared> server = serverIndex(Path.of("target", "keycloak-api", version));
        assertThat(server).as("Keycloak " + version + "'s classes (unpacked by the build)").hasSizeGreaterThan(1000);

        Set<String> missing = new TreeSet<>();
        int checked = 0;
        try (Stream<Path> files = Files.walk(Path.of("target", "classes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                ClassFile ours;
                try (InputStream in = Files.newInputStream(file)) {
                    ours = read(in);
                }
                for (String cls : ours.classRefs()) {
                    checked++;
                    if (!server.containsKey(cls)) {
                        missing.add("class " + cls + " (used by " + ours.declared().name() + ")");
                    }
                }
                for (String ref : ours.memberRefs()) {
                    checked++;
                    String owner = ref.substring(0, ref.indexOf('.'));
                    String member = ref.substring(ref.indexOf('.') + 1);
                    if (server.containsKey(owner) && !has(server, owner, member) && !GUARDED.containsKey(ref)) {
                        missing.add(ref.replace(':', ' ') + " (used by " + ours.declared().name() + ")");
                    }
                }
            }
        }
        assertThat(checked).as("references checked").isGreaterThan(500);
        assertThat(missing).as("Keycloak " + version + " lacks what our classes use").isEmpty();
    }

    /** Whether the class or one of its supertypes declares the member; true when the walk leaves Keycloak's classes. */
    private static boolean has(Map<String, Declared> server, String owner, String member) {
        Declared c = server.get(owner);
        if (c == null) {
            return outsideKeycloak(owner, member);
        }
        if (c.members().contains(member)) {
            return true;
        }
        if (c.superName() != null && has(server, c.superName(), member)) {
            return true;
        }
        for (String i : c.interfaces()) {
            if (has(server, i, member)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A supertype outside Keycloak's jars: a JDK class (java.lang.Object, Enum, Record…) is asked by reflection whether
     * it has a member of that name; a library's class is not Keycloak's to lack.
     */
    private static boolean outsideKeycloak(String owner, String member) {
        if (!owner.startsWith("java/")) {
            return true;
        }
        String name = member.substring(0, member.indexOf(':'));
        try {
            Class<?> type = Class.forName(owner.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
            for (Class<?> t = type; t != null; t = t.getSuperclass()) {
                if (Stream.of(t.getDeclaredMethods()).anyMatch(m -> m.getName().equals(name))
                        || Stream.of(t.getDeclaredFields()).anyMatch(f -> f.getName().equals(name))) {
                    return true;
                }
            }
            return Stream.of(type.getMethods()).anyMatch(m -> m.getName().equals(name));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static Map<String, Declared> serverIndex(Path dir) throws IOException {
        Map<String, Declared> index = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return index;
        }
        List<Path> jars;
        try (Stream<Path> files = Files.walk(dir)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).toList();
        }
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                for (JarEntry entry : file.stream().toList()) {
                    if (entry.getName().startsWith("org/keycloak/") && entry.getName().endsWith(".class")) {
                        try (InputStream in = file.getInputStream(entry)) {
                            Declared d = read(in).declared();
                            index.put(d.name(), d);
                        }
                    }
                }
            }
        }
        return index;
    }

    /** A minimal class-file reader (JVMS 4): the constant pool's references, the class's supertypes and members. */
    private static ClassFile read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        in.readInt();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        Object[] pool = new Object[count];
        int[][] refs = new int[count][];
        int[] tags = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            tags[i] = tag;
            switch (tag) {
                case 1 -> pool[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 7, 8, 16, 19, 20 -> refs[i] = new int[] {in.readUnsignedShort()};
                case 9, 10, 11, 12, 17, 18 -> refs[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case 15 -> refs[i] = new int[] {in.readUnsignedByte(), in.readUnsignedShort()};
                default -> throw new IOException("constant pool tag " + tag);
            }
        }
        Set<String> classRefs = new TreeSet<>();
        Set<String> memberRefs = new TreeSet<>();
        for (int i = 1; i < count; i++) {
            if (tags[i] == 7) {
                String name = (String) pool[refs[i][0]];
                String element = name.replaceAll("^\\[+L?", "").replaceAll(";$", "");
                if (element.startsWith("org/keycloak/")) {
                    classRefs.add(element);
                }
            } else if (tags[i] == 9 || tags[i] == 10 || tags[i] == 11) {
                String owner = (String) pool[refs[refs[i][0]][0]];
                int[] nameAndType = refs[refs[i][1]];
                String name = (String) pool[nameAndType[0]];
                String descriptor = (String) pool[nameAndType[1]];
                if (owner.startsWith("org/keycloak/")) {
                    memberRefs.add(owner + "." + name + ":" + descriptor);
                }
                Matcher m = TYPE.matcher(descriptor);
                while (m.find()) {
                    classRefs.add(m.group(1));
                }
            }
        }
        in.readUnsignedShort();
        String name = (String) pool[refs[in.readUnsignedShort()][0]];
        int superIndex = in.readUnsignedShort();
        String superName = superIndex == 0 ? null : (String) pool[refs[superIndex][0]];
        List<String> interfaces = new ArrayList<>();
        for (int i = in.readUnsignedShort(); i > 0; i--) {
            interfaces.add((String) pool[refs[in.readUnsignedShort()][0]]);
        }
        Set<String> members = new TreeSet<>();
        for (int kind = 0; kind < 2; kind++) {
            for (int i = in.readUnsignedShort(); i > 0; i--) {
                in.readUnsignedShort();
                members.add(pool[in.readUnsignedShort()] + ":" + pool[in.readUnsignedShort()]);
                for (int a = in.readUnsignedShort(); a > 0; a--) {
                    in.readUnsignedShort();
                    in.skipNBytes(in.readInt());
                }
            }
        }
        return new ClassFile(new Declared(name, superName, interfaces, members), classRefs, memberRefs);
    }
}
