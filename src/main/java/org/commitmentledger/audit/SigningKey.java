package org.commitmentledger.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The Ed25519 key that signs checkpoints, kept in a PKCS#8 PEM file outside the database (ADR 0022), and its public
 * half in the forms auditors keep: the signed-note verifier key {@code name+keyid+base64(0x01 ‖ key)} and PEM.
 */
final class SigningKey {

    private final String name;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final byte[] rawPublicKey;
    private final byte[] keyId;

    private SigningKey(String name, PrivateKey privateKey, PublicKey publicKey) {
        this.name = name;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        byte[] spki = publicKey.getEncoded();
        this.rawPublicKey = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        this.keyId = keyId(name, rawPublicKey);
    }

    /** Reads the key file; when it is missing and {@code generate}, creates it first (once, even if nodes race). */
    static SigningKey open(String file, boolean generate, String name) {
        if (file == null || file.isBlank()) {
            throw new IllegalStateException("no checkpoint signing key is configured: set ledger.audit.signing-key-file "
                    + "to an Ed25519 private key in PKCS#8 PEM (openssl genpkey -algorithm ed25519 -out key.pem)");
        }
        Path path = Path.of(file);
        try {
            if (!Files.exists(path)) {
                if (!generate) {
                    throw new IllegalStateException("the checkpoint signing key file " + path.toAbsolutePath()
                            + " (ledger.audit.signing-key-file) does not exist");
                }
                create(path);
            }
            return read(path, name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint signing key " + path.toAbsolutePath(), e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the checkpoint signing key " + path.toAbsolutePath()
                    + " is not an Ed25519 private key in PKCS#8 PEM: " + e.getMessage(), e);
        }
    }

    static SigningKey read(Path path, String name) throws IOException, GeneralSecurityException {
        String pem = Files.readString(path, StandardCharsets.US_ASCII);
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("no BEGIN/END PRIVATE KEY block");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        return new SigningKey(name, key, publicOf((EdECPrivateKey) key));
    }

    /**
     * The JDK has no call that derives an Ed25519 public key from a private one; its key pair generator does derive
     * it from the 32 random bytes it draws, so it is handed exactly the stored private key as those bytes.
     */
    private static PublicKey publicOf(EdECPrivateKey key) throws GeneralSecurityException {
        byte[] secret = key.getBytes().orElseThrow(() -> new IllegalArgumentException("the key hides its bytes"));
        SecureRandom replay = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(secret, 0, bytes, 0, Math.min(bytes.length, secret.length));
            }
        };
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519, replay);
        KeyPair pair = generator.generateKeyPair();
        byte[] probe = "commitment-ledger key check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(pair.getPublic());
        verifier.update(probe);
        if (!verifier.verify(signature)) {
            throw new GeneralSecurityException("the public key derived from the private key does not match it");
        }
        return pair.getPublic();
    }

    private static void create(Path path) throws IOException {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
            Path dir = path.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temporary = Files.createTempFile(dir, ".signing-key", ".tmp");
            try {
                try {
                    Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // the file system has no POSIX permissions: the directory's protection applies
                }
                Files.writeString(temporary, pem, StandardCharsets.US_ASCII);
                try {
                    // a link, not a move: fails if another node created the key meanwhile, instead of replacing it
                    Files.createLink(path, temporary);
                } catch (FileAlreadyExistsException other) {
                    return;
                } catch (UnsupportedOperationException | IOException noLinks) {
                    if (!Files.exists(path)) {
                        moveIfAbsent(temporary, path);
                    }
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void moveIfAbsent(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        } catch (FileAlreadyExistsException other) {
            // another node won: its key is the key
        }
    }

    /** The first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key), as C2SP signed-note defines an Ed25519 key's id. */
    static byte[] keyId(String name, byte[] rawPublicKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0x0A);
            sha.update((byte) 0x01);
            return Arrays.copyOf(sha.digest(rawPublicKey), 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String name() {
        return name;
    }

    byte[] keyId() {
        return keyId.clone();
    }

    byte[] rawPublicKey() {
        return rawPublicKey.clone();
    }

    /** The signed-note verifier key: {@code name+hex(key id)+base64(0x01 ‖ public key)}. */
    String verifierKey() {
        byte[] typed = new byte[33];
        typed[0] = 0x01;
        System.arraycopy(rawPublicKey, 0, typed, 1, 32);
        return name + "+" + MerkleTree.hex(keyId) + "+" + Base64.getEncoder().encodeToString(typed);
    }

    String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(publicKey.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    byte[] sign(byte[] message) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean verify(byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
