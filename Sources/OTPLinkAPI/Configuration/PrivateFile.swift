import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files only the service's user may read: created with mode 0600, refused when others can read them.
enum PrivateFile {
    /// Creates `path` with mode 0600 and writes `contents`; fails if the file exists.
    static func create(at path: String, contents: [UInt8]) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw ConfigurationError("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let written = contents.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == contents.count, fsync(descriptor) == 0 else {
            throw ConfigurationError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Reads `path` after checking that neither its group nor others may read or write it.
    static func read(at path: String, purpose: String) throws -> [UInt8] {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw ConfigurationError("cannot read the \(purpose) \(path): \(String(cString: strerror(errno)))")
        }
        let mode = status.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw ConfigurationError(
                "the \(purpose) \(path) may be read by other users (mode \(String(mode, radix: 8))); run `chmod 600 \(path)`"
            )
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("cannot read the \(purpose) \(path)")
        }
        return Array(data)
    }
}
