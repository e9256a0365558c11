import Foundation
import Testing

@testable import HelpSite

/// `FolderWatcher`: what `helpgen watch` hears about, with inotify and with the polling fallback.
@Suite struct FolderWatcherTests {
    /// A fresh folder with one file, and a pipe to stop the watcher with.
    struct Scene {
        let folder = NSTemporaryDirectory() + "watcher-" + UUID().uuidString
        let stop: [Int32]

        init() throws {
            try FileManager.default.createDirectory(atPath: folder + "/a", withIntermediateDirectories: true)
            try Data("one".utf8).write(to: URL(fileURLWithPath: folder + "/a/page.md"))
            var ends: [Int32] = [-1, -1]
            #expect(pipe(&ends) == 0)
            stop = ends
        }

        func write(_ text: String, to relative: String) throws {
            try FileManager.default.createDirectory(atPath: (folder + "/" + relative as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + relative))
        }

        func remove() {
            close(stop[0])
            close(stop[1])
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    @Test(arguments: [false, true])
    func writesNewFoldersAndDeletionsAreReported(polling: Bool) throws {
        let scene = try Scene()
        defer { scene.remove() }
        let watcher = FolderWatcher(folders: [scene.folder], polling: polling)
        #expect(watcher.mechanism == (polling ? "polling every 100 ms" : "inotify"))

        try scene.write("two", to: "a/page.md")
        #expect(watcher.next(stop: scene.stop[0], timeout: 10)?.paths.contains(scene.folder + "/a/page.md") == true)

        // A folder made with a file already in it: the file is reported, and later writes inside it too.
        try scene.write("new", to: "b/c/new.md")
        var heard: Set<String> = []
        for _ in 0..<5 where !heard.contains(scene.folder + "/b/c/new.md") {
            heard.formUnion(watcher.next(stop: scene.stop[0], timeout: 10)?.paths ?? [])
        }
        #expect(heard.contains(scene.folder + "/b/c/new.md"))
        try scene.write("newer", to: "b/c/new.md")
        #expect(watcher.next(stop: scene.stop[0], timeout: 10)?.paths.contains(scene.folder + "/b/c/new.md") == true)

        try FileManager.default.removeItem(atPath: scene.folder + "/a/page.md")
        #expect(watcher.next(stop: scene.stop[0], timeout: 10)?.paths.contains(scene.folder + "/a/page.md") == true)
    }

    @Test func aByteOnTheStopPipeEndsTheWait() throws {
        let scene = try Scene()
        defer { scene.remove() }
        let watcher = FolderWatcher(folders: [scene.folder])
        var byte: UInt8 = 1
        #expect(write(scene.stop[1], &byte, 1) == 1)
        #expect(watcher.next(stop: scene.stop[0], timeout: 10) == nil)
    }
}
