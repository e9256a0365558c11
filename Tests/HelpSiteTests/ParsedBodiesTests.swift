import Foundation
import Testing

@testable import HelpSite

/// The bodies a build keeps between reading and rendering (`ParsedBodies`) come back exactly as
/// they were parsed, however many threads kept them at once, and their scratch file leaves nothing
/// in the folder it was made in.
@Suite struct ParsedBodiesTests {
    @Test func bodiesKeptByManyThreadsComeBackAsParsedAndLeaveNoFileBehind() throws {
        let folder = NSTemporaryDirectory() + "helpgen-bodies-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let labels = CalloutLabels(titles: ["tip": "도움말"])
        let bodies = try (0..<400).map { number in
            let text = markdown("Page \(number)", """
            보안링크 \(number): see [the next page](p\(number + 1).md) and [a site](https://example.com/\(number)).

            ![Screen \(number)](screen-\(number).png)

            > [!TIP]
            > \(String(repeating: "긴 글 ", count: number % 50))
            """)
            let parsed = try ParsedPage.parse(Data(text.utf8), locale: "ko", contentPath: "p\(number).md", file: "p\(number).md", labels: labels).get()
            return parsed.body
        }
        #expect(bodies.allSatisfy { $0.slotCount == 1 && $0.imageSlots.count == 1 })
        let file = try #require(ParsedBodies(folder: folder))
        let kept = bodies.parallelMap { file.keep($0) }
        #expect(kept.map { $0?.load() } == bodies)
        #expect(Set(kept.compactMap { $0?.offset }).count == bodies.count, "each body has its own place in the file")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [])
    }
}
