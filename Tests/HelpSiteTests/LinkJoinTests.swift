import Testing
@testable import HelpSite

/// Where a relative Markdown link leads from the file it is written in.
struct LinkJoinTests {
    @Test(arguments: [
        ("guide/start.md", "other.md", "guide/other.md"),
        ("guide/start.md", "./other.md", "guide/other.md"),
        ("guide/start.md", "../_index.md", "_index.md"),
        ("guide/deep/start.md", "../../faq/a.md", "faq/a.md"),
        ("guide/deep/start.md", "..//x/./y.md", "guide/x/y.md"),
        ("start.md", "sub/page.md", "sub/page.md"),
        ("start.md", "sub/../page.md", "page.md"),
        ("guide/start.md", "안내/설치.md", "guide/안내/설치.md"),
    ])
    func aRelativeLinkIsJoinedToItsFilesFolder(file: String, link: String, path: String) {
        #expect(LinkResolver.join(folder: file, relative: link) == path)
    }

    @Test(arguments: [("start.md", "../x.md"), ("guide/start.md", "../../x.md"), ("a/b/c.md", "../../../x.md")])
    func aLinkAboveTheLocaleFolderLeadsNowhere(file: String, link: String) {
        #expect(LinkResolver.join(folder: file, relative: link) == nil)
    }
}
