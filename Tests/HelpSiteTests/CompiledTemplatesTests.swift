import Foundation
import Testing

@testable import HelpSite

/// The compiled templates against swift-mustache itself: the same text, byte for byte, for the
/// Mustache a docs team writes (the fixture site's expected output, recorded with swift-mustache,
/// checks the repository's own templates page by page).
@Suite("Compiled templates")
struct CompiledTemplatesTests {
    /// Writes `templates` (name → text) into a fresh folder and loads them as helpgen does.
    private func load(_ templates: [String: String]) throws -> TemplateSet {
        let folder = NSTemporaryDirectory() + "helpgen-templates-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (name, text) in templates {
            let path = folder + "/" + name + ".mustache"
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        }
        var problems: [SiteProblem] = []
        let set = TemplateSet.load(directory: folder, problems: &problems)
        #expect(problems.filter { !$0.message.contains("helpgen needs it") }.isEmpty, "\(problems)")
        return set
    }

    static let tricky: [String: String] = [
        "page": """
        {{<base}}
        {{$title}}{{page.title}} – {{site.title}}{{/title}}
        {{$inside}}the page's inside, {{count}}{{/inside}}
        {{$main}}
          {{>partials/list}}
        {{! a standalone comment }}
        {{#page.isSection}}<p>section</p>{{/page.isSection}}
        {{^page.isSection}}<p>leaf</p>{{/page.isSection}}
        {{^missing}}no {{missing}} here{{/missing}}
        {{^empty}}nothing in [{{site.title}}]{{/empty}}
        {{#empty}}never{{/empty}}
        <b>{{{page.raw}}}</b> & {{&page.raw}} & {{page.raw}}
        {{#page}}{{title}} / {{.title}} / {{site.title}} / {{.site.title}}{{/page}}
        {{#page.tags}}
          <i>{{.}}</i> {{count}}
        {{/page.tags}}
        {{#page.title}}[{{.}}]{{/page.title}}
        count {{count}}, flag {{flag}}, dots {{page..title}}
        {{/main}}
        {{/base}}
        """,
        "base": """
        <!DOCTYPE html>
        <title>{{$title}}Default{{/title}}</title>
        <body>
            {{$main}}empty{{/main}}
          {{>partials/footer}}
        {{<frame}}{{$inside}}the base's inside{{/inside}}{{/frame}}
        {{<aside}}{{$note}}a note given{{/note}}{{/aside}}
        {{>aside}}
        </body>
        """,
        "aside": "<aside>{{$note}}no note{{/note}}</aside>\n",
        "partials/list": """
        <ul>
        {{#items}}
          <li>{{name}}{{#nested}}
            {{>partials/item}}
          {{/nested}}</li>
        {{/items}}
        </ul>
        """,
        "partials/item": "<span>{{name}}</span>\n<em>{{site.title}}</em>\n",
        "partials/footer": "{{<frame}}{{$inside}}footer {{count}}{{/inside}}{{/frame}}\n",
        "frame": "<footer>\n  {{$inside}}frame{{/inside}}\n</footer>\n",
    ]

    static var contexts: [[String: Any]] { [
        [
            "site": ["title": "Help <Center> & \"Co\" 'x'"],
            "page": ["title": "Set up\u{0301} <b>", "isSection": true, "raw": "<em>raw</em>",
                     "tags": ["a<", "b&", "c"], "site": ["title": "inner"]] as [String: Any],
            "items": [["name": "one"], ["name": "two", "nested": [["name": "deep"]]], ["name": "three", "nested": true]],
            "empty": [Any](),
            "count": 42,
            "flag": false,
        ],
        [
            "site": ["title": "보안 링크"],
            "page": ["title": "e\u{0301}<\u{0301}", "isSection": false, "raw": "", "tags": [Any]()] as [String: Any],
            "items": [Any](),
            "empty": [Any](),
            "count": 0,
            "flag": true,
        ],
        ["page": ["title": "only a title"]],
    ] }

    @Test("templates with partials, parents, blocks, sections and standalone lines render as swift-mustache renders them, from typed values too")
    func sameTextAsSwiftMustache() throws {
        let set = try load(Self.tricky)
        #expect(set.isCompiled)
        for context in Self.contexts {
            let compiled = try #require(set.renderCompiled(context, with: "page"), "rendered by the compiled templates")
            #expect(compiled == set.renderWithLibrary(context, with: "page"))
            // Typed values handed back to swift-mustache (a page it renders) give the same text.
            let untyped = try #require(TemplateValue.object(context)?.anyValue as? [String: Any])
            #expect(set.renderWithLibrary(untyped, with: "page") == compiled)
        }
    }

    @Test("the repository's templates are compiled")
    func repositoryTemplates() {
        var problems: [SiteProblem] = []
        let set = TemplateSet.load(directory: Repository.templates, problems: &problems)
        #expect(problems.isEmpty, "\(problems)")
        #expect(set.isCompiled)
    }

    @Test("what is not compiled is still rendered, by swift-mustache: a transform, a list written as text, a value of another type")
    func generalRendering() throws {
        let transform = try load(["page": "{{#items}}{{name}}{{#first()}} (first){{/first()}}\n{{/items}}"])
        #expect(!transform.isCompiled)
        let items: [String: Any] = ["items": [["name": "a"], ["name": "b"]]]
        #expect(transform.render(items, with: "page") == "a (first)\nb\n")

        let plain = try load(["page": "[{{items}}] {{#value}}{{.}}{{/value}}"])
        #expect(plain.isCompiled)
        let listAsText: [String: Any] = ["items": ["x", "y"]]
        #expect(plain.renderCompiled(listAsText, with: "page") == nil)
        #expect(plain.render(listAsText, with: "page") == plain.renderWithLibrary(listAsText, with: "page"))
        #expect(plain.render(listAsText, with: "page").contains("x"))
        let otherType: [String: Any] = ["items": "i", "value": 2.5]
        #expect(plain.renderCompiled(otherType, with: "page") == nil)
        #expect(plain.render(otherType, with: "page") == "[i] 2.5")
        #expect(plain.renderCompiled(["items": "i", "value": 2], with: "page") == "[i] 2")
    }
}
