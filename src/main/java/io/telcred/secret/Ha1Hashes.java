package io.telcred.secret;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * A login's MD5 and SHA-256 HA1 values for the current realm as the directory keeps them for every
 * login it knows: six longs in one object (64 bytes), where the stored hex texts took about 300.
 * Nothing else of the secret is kept: the sealed password is for display and is read from the
 * store when asked for.
 */
public final class Ha1Hashes {

    public static final int MD5_BYTES = 16;
    public static final int SHA_256_BYTES = 32;

    private static final HexFormat HEX = HexFormat.of();
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final long md5High;
    private final long md5Low;
    private final long sha0;
    private final long sha1;
    private final long sha2;
    private final long sha3;

    private Ha1Hashes(byte[] md5, byte[] sha256) {
        this.md5High = (long) LONGS.get(md5, 0);
        this.md5Low = (long) LONGS.get(md5, 8);
        this.sha0 = (long) LONGS.get(sha256, 0);
        this.sha1 = (long) LONGS.get(sha256, 8);
        this.sha2 = (long) LONGS.get(sha256, 16);
        this.sha3 = (long) LONGS.get(sha256, 24);
    }

    /** The HA1 values of a stored secret, which keeps them as hex. */
    public static Ha1Hashes of(SipSecret secret) {
        byte[] md5 = HEX.parseHex(secret.ha1Md5());
        byte[] sha256 = HEX.parseHex(secret.ha1Sha256());
        if (md5.length != MD5_BYTES || sha256.length != SHA_256_BYTES) {
            throw new IllegalArgumentException("HA1 values of the wrong length");
        }
        return new Ha1Hashes(md5, sha256);
    }

    /** Writes the MD5 HA1 into {@code out} from index 0; {@link #MD5_BYTES} bytes. */
    public void md5(byte[] out) {
        LONGS.set(out, 0, md5High);
        LONGS.set(out, 8, md5Low);
    }

    /** Writes the SHA-256 HA1 into {@code out} from index 0; {@link #SHA_256_BYTES} bytes. */
    public void sha256(byte[] out) {
        LONGS.set(out, 0, sha0);
        LONGS.set(out, 8, sha1);
        LONGS.set(out, 16, sha2);
        LONGS.set(out, 24, sha3);
    }

    /** Whether {@code md5} is this MD5 HA1, in time independent of where they differ. */
    public boolean md5Equals(byte[] md5) {
        if (md5.length != MD5_BYTES) {
            return false;
        }
        return ((md5High ^ (long) LONGS.get(md5, 0)) | (md5Low ^ (long) LONGS.get(md5, 8))) == 0;
    }

    @Override
    public String toString() {
        return "Ha1Hashes[...]";
    }
}
