import Foundation
import Testing
@testable import OTPLinkAPI

@Suite("Small formats: origins, lifetimes")
struct SmallFormatsTests {
    @Test("Origins compare as browsers send them", arguments: [
        ("https://help.example.com/docs/", "https://help.example.com"),
        ("https://help.example.com:443", "https://help.example.com"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
        ("HTTPS://Help.Example.COM", "https://help.example.com"),
    ])
    func origins(url: String, origin: String) {
        #expect(SiteOrigin(url: URL(string: url)!).description == origin)
    }

    @Test("`null` and garbage are no origin", arguments: ["null", "", "not a url", "example.com"])
    func noOrigin(header: String) {
        #expect(SiteOrigin(header: header) == nil)
    }

    @Test("Lifetimes: a number and m, h, d or w", arguments: [
        ("30m", 1800.0), ("12h", 43200.0), ("7d", 604800.0), ("2w", 1209600.0), (" 1D ", 86400.0),
    ])
    func lifetimes(text: String, seconds: Double) {
        #expect(LinkLifetime(text)?.seconds == seconds)
    }

    @Test("Lifetimes that are not", arguments: ["", "7", "d", "0d", "-1d", "7y", "1.5d", "99999999d"])
    func badLifetimes(text: String) {
        #expect(LinkLifetime(text) == nil)
    }
}
