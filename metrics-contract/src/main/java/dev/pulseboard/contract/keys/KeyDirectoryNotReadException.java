package dev.pulseboard.contract.keys;

/** The key directory has not yet read the grants that existed when it started: no key can be checked yet. */
public final class KeyDirectoryNotReadException extends RuntimeException {
    public KeyDirectoryNotReadException(String message) {
        super(message);
    }
}
