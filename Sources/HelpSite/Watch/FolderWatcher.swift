import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reports which files changed under a few folders (and every folder inside them), for `helpgen watch`.
///
/// On Linux it uses inotify: one watch per folder, a watch added for each new folder as it appears
/// (and everything already in it reported, since it may have been filled before the watch existed).
/// Where inotify cannot be used it compares the folders' file dates and sizes every 100 ms.
public final class FolderWatcher {
    /// A burst of changes.
    public struct Changes: Sendable {
        /// Files and folders created, written, moved or deleted.
        public var paths: Set<String> = []
        /// Events were lost (the kernel's queue overflowed): everything must be read again.
        public var overflowed = false
    }

    private let roots: [String]
    private let inotify: Int32
    private var folders: [Int32: String] = [:]
    private var polledFiles: [String: PolledFile] = [:]

    /// What the polling fallback remembers of a file.
    private struct PolledFile: Equatable {
        let seconds: Int
        let nanoseconds: Int
        let size: Int
    }

    /// Starts watching `folders` (each one and everything inside it); `polling` forces the fallback.
    public init(folders: [String], polling: Bool = false) {
        roots = folders
        #if canImport(Glibc)
        inotify = polling ? -1 : inotify_init1(Int32(IN_CLOEXEC) | Int32(IN_NONBLOCK))
        #else
        inotify = -1
        #endif
        if inotify >= 0 {
            for folder in folders { _ = watchTree(folder) }
        } else {
            polledFiles = scan()
        }
    }

    deinit {
        if inotify >= 0 { close(inotify) }
    }

    /// How changes are noticed: `inotify`, or `polling` when inotify could not be started.
    public var mechanism: String { inotify >= 0 ? "inotify" : "polling every 100 ms" }

    /// Waits for the next burst of changes and returns it once no event came for `quiet` seconds
    /// (an editor's save is several events), or `longest` seconds after the first event, whichever
    /// is sooner. Returns nil as soon as `stop` (a pipe's reading end) becomes readable, and no
    /// changes once `timeout` seconds (if given) passed without any.
    public func next(stop: Int32, quiet: Double = 0.004, longest: Double = 0.05, timeout: Double? = nil) -> Changes? {
        var changes = Changes()
        if inotify < 0 { return nextPolled(stop: stop, timeout: timeout) }
        var first: DispatchTime?
        while true {
            let pollTimeout: Int32
            if let first {
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - first.uptimeNanoseconds) / 1e9
                if elapsed >= longest { return changes }
                pollTimeout = Int32(max(1, min(quiet, longest - elapsed) * 1000))
            } else {
                pollTimeout = timeout.map { Int32($0 * 1000) } ?? -1
            }
            var descriptors = [pollfd(fd: inotify, events: Int16(POLLIN), revents: 0), pollfd(fd: stop, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&descriptors, 2, pollTimeout)
            if ready < 0 && errno == EINTR { continue }
            if descriptors[1].revents != 0 { return nil }
            if ready == 0 { return changes }
            if descriptors[0].revents != 0 {
                readEvents(into: &changes)
                if first == nil, !changes.paths.isEmpty || changes.overflowed { first = .now() }
            }
        }
    }

    // MARK: - inotify

    /// Adds a watch on `folder` and every folder inside it; returns the files and folders found inside.
    private func watchTree(_ folder: String) -> [String] {
        #if canImport(Glibc)
        let mask = UInt32(IN_CLOSE_WRITE) | UInt32(IN_CREATE) | UInt32(IN_DELETE) | UInt32(IN_MOVED_FROM)
            | UInt32(IN_MOVED_TO) | UInt32(IN_DELETE_SELF) | UInt32(IN_ONLYDIR)
        let watch = inotify_add_watch(inotify, folder, mask)
        guard watch >= 0 else { return [] }
        folders[watch] = folder
        var found: [String] = []
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            let path = folder + "/" + entry
            found.append(path)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                found += watchTree(path)
            }
        }
        return found
        #else
        return []
        #endif
    }

    private func readEvents(into changes: inout Changes) {
        #if canImport(Glibc)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(inotify, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            var offset = 0
            while offset + 16 <= count {
                let (watch, mask, length) = buffer.withUnsafeBytes { bytes in
                    (bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self),
                     bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                     Int(bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)))
                }
                let nameBytes = buffer[(offset + 16)..<min(count, offset + 16 + length)].prefix { $0 != 0 }
                offset += 16 + length
                if mask & UInt32(IN_Q_OVERFLOW) != 0 { changes.overflowed = true; continue }
                if mask & UInt32(IN_IGNORED) != 0 { folders[watch] = nil; continue }
                guard let folder = folders[watch] else { continue }
                if mask & UInt32(IN_DELETE_SELF) != 0 { changes.paths.insert(folder); continue }
                guard !nameBytes.isEmpty else { continue }
                let path = folder + "/" + String(decoding: nameBytes, as: UTF8.self)
                changes.paths.insert(path)
                let isFolder = mask & UInt32(IN_ISDIR) != 0
                if isFolder, mask & (UInt32(IN_CREATE) | UInt32(IN_MOVED_TO)) != 0 {
                    changes.paths.formUnion(watchTree(path))
                }
            }
        }
        #endif
    }

    // MARK: - Polling

    private func nextPolled(stop: Int32, timeout: Double?) -> Changes? {
        let rounds = timeout.map { max(1, Int($0 * 10)) } ?? Int.max
        for _ in 0..<rounds {
            var descriptor = pollfd(fd: stop, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, 100) > 0 { return nil }
            let now = scan()
            var changes = Changes()
            for (path, file) in now where polledFiles[path] != file { changes.paths.insert(path) }
            for path in polledFiles.keys where now[path] == nil { changes.paths.insert(path) }
            polledFiles = now
            if !changes.paths.isEmpty { return changes }
        }
        return Changes()
    }

    private func scan() -> [String: PolledFile] {
        var files: [String: PolledFile] = [:]
        for root in roots {
            for relative in FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [] {
                var info = stat()
                let path = root + "/" + relative
                guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
                files[path] = PolledFile(seconds: Int(info.st_mtim.tv_sec), nanoseconds: Int(info.st_mtim.tv_nsec), size: Int(info.st_size))
            }
        }
        return files
    }
}
