import Testing

@testable import HelpSite

/// The escaping helpgen applies to text it writes into HTML itself (sidebar links, feeds).
@Suite struct HTMLTextTests {
    @Test func theFiveCharactersAreEscapedAndEverythingElseIsKept() {
        #expect(HTMLText.escapeAttribute(#"Tom & "Jerry's" <b>"#) == "Tom &amp; &quot;Jerry&#39;s&quot; &lt;b&gt;")
        #expect(HTMLText.escapeAttribute("보안 링크 열기 — café") == "보안 링크 열기 — café")
        // A quote followed by a combining mark is still a quote in the attribute.
        #expect(HTMLText.escapeAttribute("\"\u{301}") == "&quot;\u{301}")
        #expect(HTMLText.escapeAttribute("") == "")
    }
}
