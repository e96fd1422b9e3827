package dev.kcaudit.audit.it.support;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keycloak.testframework.mail.MailServer;

/** Reads the link Keycloak put into the last e-mail it sent. */
public final class Mail {

    private static final Pattern LINK = Pattern.compile("(http://localhost:8080/[^\\s\"<>]+)");

    private Mail() {
    }

    public static String lastLink(MailServer mail) {
        if (!mail.waitForIncomingEmail(1)) {
            throw new AssertionError("No e-mail arrived");
        }
        try {
            MimeMessage message = mail.getLastReceivedMessage();
            Matcher m = LINK.matcher(text(message.getContent()));
            if (!m.find()) {
                throw new AssertionError("No link in the e-mail " + message.getSubject());
            }
            return m.group(1).replace("&amp;", "&").replace("&#61;", "=");
        } catch (Exception e) {
            throw new AssertionError("Unreadable e-mail", e);
        }
    }

    private static String text(Object content) throws Exception {
        if (content instanceof Multipart multipart) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                all.append(text(part.getContent())).append('\n');
            }
            return all.toString();
        }
        return String.valueOf(content);
    }
}
