#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Deletes folders with `/bin/rm -rf` in a detached process (its own session, standard streams on
/// `/dev/null`), so the caller neither waits for it nor holds a pipe open for whoever runs the caller.
enum BackgroundRemoval {
    /// Starts the removal of `folders`; false when the process could not be started.
    static func start(_ folders: [String]) -> Bool {
        let arguments = ["/bin/rm", "-rf", "--"] + folders
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        defer { for pointer in argv { free(pointer) } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        #if canImport(Glibc)
        posix_spawnattr_setflags(&attributes, 0x80)  // POSIX_SPAWN_SETSID (glibc hides it without _GNU_SOURCE)
        #endif
        var pid: pid_t = 0
        return posix_spawn(&pid, "/bin/rm", &actions, &attributes, argv, environ) == 0
    }
}
