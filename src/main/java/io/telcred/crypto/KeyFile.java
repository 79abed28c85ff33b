package io.telcred.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Set;

/**
 * A random secret kept in a file readable by its owner only (0600), made on first use. An
 * environment variable, when given, takes its place, so that several nodes can share one secret.
 */
public final class KeyFile {

    private KeyFile() {
    }

    /**
     * Returns the secret from {@code fromEnvironment} (base64) when it is non-blank, else from the
     * file, creating the file with {@code length} random bytes when it does not exist.
     */
    public static byte[] load(Path file, String fromEnvironment, String settingName, int length) {
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return decode(fromEnvironment.trim(), settingName, length);
        }
        try {
            if (!Files.exists(file)) {
                create(file, length);
            }
            checkPermissions(file);
            return decode(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString(), length);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the key file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static void create(Path file, int length) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        String encoded = Base64.getEncoder().encodeToString(RandomStrings.bytes(length)) + "\n";
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(temporary);
        if (supportsPosix(file)) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(temporary);
        }
        Files.writeString(temporary, encoded, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        try {
            // A hard link fails when another process made the file first: theirs wins, ours is dropped.
            Files.createLink(file, temporary);
        } catch (FileAlreadyExistsException raced) {
            // keep the other process's key
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void checkPermissions(Path file) throws IOException {
        if (!supportsPosix(file)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (permissions.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
            throw new IllegalStateException("the key file " + file.toAbsolutePath()
                    + " is readable by others; make it 0600 (chmod 600)");
        }
    }

    private static boolean supportsPosix(Path file) {
        return file.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static byte[] decode(String base64, String source, int length) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not valid base64");
        }
        if (key.length != length) {
            throw new IllegalStateException(source + " must hold " + length + " bytes (base64), holds " + key.length);
        }
        return key;
    }
}
