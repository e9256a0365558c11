import Foundation
import LinkVerification
import Testing

@Suite("docs/operating.md stays true to the code")
struct OperatingGuideTests {
    private static let guide = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/operating.md")

    @Test("the policy table names every policy number with its default")
    func policyTable() throws {
        let text = try String(contentsOf: Self.guide, encoding: .utf8)
        let defaults = Dictionary(uniqueKeysWithValues: Mirror(reflecting: Policy()).children.compactMap { child in
            child.label.map { ($0, "\(child.value)") }
        })
        for name in Policy.settingNames {
            let row = text.split(separator: "\n").first { $0.hasPrefix("| `\(name)` |") }
            let cells = row.map { $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
            #expect(cells.count >= 3, "no row for \(name)")
            guard cells.count >= 3, let value = defaults[name], let number = Double(value) else { continue }
            let shown = cells[1].split(separator: " ").first.map(String.init) ?? ""
            #expect(Double(shown) == number, "\(name): the guide says \(cells[1]), Policy() has \(value)")
        }
    }
}
