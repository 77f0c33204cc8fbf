package dev.pulseboard.deploy.provision;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MailSinkTest {
    @Test
    void aQuotedPrintableBodyIsDecodedWithItsSoftLineBreaksAndUtf8Bytes() {
        String mime = String.join(
                "\r\n",
                "Subject: x",
                "Content-Type: text/plain; charset=UTF-8",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                "Z=C3=BCrich: open http://127.0.0.1:19080/verify.html#abcdefghijklmnopqrstu=",
                "vwxyz=3D",
                "");
        assertThat(MailSink.body(mime))
                .isEqualTo("Zürich: open http://127.0.0.1:19080/verify.html#abcdefghijklmnopqrstuvwxyz=");
    }

    @Test
    void aPlainBodyIsTakenAsItIs() {
        assertThat(MailSink.body("Subject: x\r\nContent-Transfer-Encoding: 7bit\r\n\r\nhello =3D"))
                .isEqualTo("hello =3D");
    }
}
