package org.commonplace.orchestrator.spawn;

/**
 * What an errno from starting a program means, in words a user can act on: "exec format error — is
 * the #! line missing?" says more than "error 8". Linux numbers (x86-64 and arm64 agree on these).
 */
final class Errno {
    private Errno() {
    }

    /** {@return a short explanation followed by the number and its name, e.g. "argument list too long (errno 7, E2BIG)"} */
    static String describe(int errno) {
        String name = name(errno);
        String meaning = meaning(errno);
        if (meaning == null) {
            return "errno " + errno;
        }
        return meaning + " (errno " + errno + ", " + name + ")";
    }

    private static String name(int errno) {
        return switch (errno) {
            case 1 -> "EPERM";
            case 2 -> "ENOENT";
            case 7 -> "E2BIG";
            case 8 -> "ENOEXEC";
            case 11 -> "EAGAIN";
            case 12 -> "ENOMEM";
            case 13 -> "EACCES";
            case 20 -> "ENOTDIR";
            case 21 -> "EISDIR";
            case 22 -> "EINVAL";
            case 23 -> "ENFILE";
            case 24 -> "EMFILE";
            case 26 -> "ETXTBSY";
            case 36 -> "ENAMETOOLONG";
            case 40 -> "ELOOP";
            default -> "";
        };
    }

    private static String meaning(int errno) {
        return switch (errno) {
            case 1 -> "operation not permitted";
            case 2 -> "no such file or directory — the program, or the interpreter its #! line names";
            case 7 -> "argument list too long — the args and environment together are over the kernel's limit,"
                    + " or one of them is over 128 KiB";
            case 8 -> "exec format error — is the #! line missing? (or the program is for another machine)";
            case 11 -> "resource temporarily unavailable — too many processes for this user?";
            case 12 -> "out of memory";
            case 13 -> "permission denied — the program is not executable, a folder on its path is not searchable,"
                    + " or its file system is mounted noexec";
            case 20 -> "not a directory — a part of the program's path is a file";
            case 21 -> "is a directory — the program, or the interpreter its #! line names";
            case 22 -> "invalid argument";
            case 23 -> "too many open files in the system";
            case 24 -> "too many open files";
            case 26 -> "text file busy — the program is open for writing (still being copied or built?)";
            case 36 -> "file name too long";
            case 40 -> "too many levels of symbolic links — a link loop in the program's path";
            default -> null;
        };
    }
}
