package dev.lamina.registry.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority for tests, made with Bouncy Castle: a CA, a server certificate for
 * {@code localhost} and {@code 127.0.0.1}, a client certificate, and a self-signed key for signing tokens.
 * Everything is written as PEM under one directory.
 */
public final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate ca;

    private TestPki(Path dir) throws GeneralSecurityException, OperatorCreationException, IOException {
        this.dir = dir;
        this.caKeys = rsa();
        X500Name caName = new X500Name("CN=lamina test CA");
        X509v3CertificateBuilder builder = builder(caName, caName, caKeys)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        this.ca = sign(builder, caKeys.getPrivate());
        writePem(caCertificate(), ca);
    }

    public static TestPki create(Path dir) {
        try {
            Files.createDirectories(dir);
            return new TestPki(dir);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the test CA", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    /** A certificate and key signed by the CA for {@code name} ({@code server} or {@code client}). */
    public record Issued(Path certificate, Path key) {
    }

    /** A server certificate valid for {@code localhost}, {@code 127.0.0.1} and {@code ::1}. */
    public Issued server() {
        return issue("server", true);
    }

    public Issued client() {
        return issue("client", false);
    }

    /** A self-signed certificate whose key signs tokens; the registry trusts it as its root bundle. */
    public Issued tokenSigner() {
        Path cert = dir.resolve("token-signer.crt");
        Path key = dir.resolve("token-signer.key");
        if (Files.exists(cert)) {
            return new Issued(cert, key);
        }
        try {
            KeyPair keys = rsa();
            X500Name name = new X500Name("CN=lamina test token signer");
            X509v3CertificateBuilder builder = builder(name, name, keys)
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            writePem(cert, sign(builder, keys.getPrivate()));
            writePem(key, keys.getPrivate());
            return new Issued(cert, key);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot create the token signer", e);
        }
    }

    private Issued issue(String name, boolean server) {
        Path cert = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        if (Files.exists(cert)) {
            return new Issued(cert, key);
        }
        try {
            KeyPair keys = rsa();
            X509v3CertificateBuilder builder = builder(new X500Name("CN=lamina test CA"),
                    new X500Name("CN=" + (server ? "localhost" : "lamina test client")), keys)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
            if (server) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                        new GeneralName(GeneralName.iPAddress, "::1")}));
            }
            writePem(cert, sign(builder, caKeys.getPrivate()));
            writePem(key, keys.getPrivate());
            return new Issued(cert, key);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot issue the " + name + " certificate", e);
        }
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(key);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static void writePem(Path file, Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
    }

    /** Reads a PEM private key written by this class. */
    static PrivateKey readKey(Path file) {
        try (var parser = new org.bouncycastle.openssl.PEMParser(Files.newBufferedReader(file))) {
            Object object = parser.readObject();
            var converter = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter();
            if (object instanceof org.bouncycastle.openssl.PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            return converter.getPrivateKey((org.bouncycastle.asn1.pkcs.PrivateKeyInfo) object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a PEM certificate. */
    static X509Certificate readCertificate(Path file) {
        try (var in = Files.newInputStream(file)) {
            return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
