import Foundation

/// One page as the WordPress REST API serves it (`GET /wp-json/wp/v2/<type>`), the fields the import uses.
struct WordPressPage: Sendable {
    /// Where it is in the input: `pages-2.json, page 14`.
    let position: String
    /// `id`.
    let id: Int
    /// The text of `title.rendered` (tags left out, references decoded).
    let title: String
    /// `slug`, percent-decoded (WordPress stores non-Latin slugs percent-encoded).
    let slug: String?
    /// `link`: the page's public URL.
    let link: URL
    /// `guid.rendered`: the address WordPress gave the page when it was made (old links may use it).
    let guid: String?
    /// `parent` (0 at the top becomes nil).
    let parent: Int?
    /// `menu_order`.
    let menuOrder: Int?
    /// `modified_gmt` (`2025-03-27T04:57:01`).
    let modifiedGMT: String?
    /// `content.rendered`.
    let html: String
    /// Yoast's description: `yoast_head_json.description` or `og_description`, else the `<meta>` in `yoast_head`.
    let description: String?
    /// The language the page names for itself (Polylang `lang`, WPML `wpml_current_locale`), if any.
    let language: String?
    /// Its translations as the page lists them (Polylang, WPML, or another plugin's shape).
    let translations: [TranslationReference]

    /// Reads one page object; a problem names `position` and the field at fault.
    static func decode(_ object: Any, position: String) -> Result<WordPressPage, ImportProblem> {
        func fail(_ message: String) -> Result<WordPressPage, ImportProblem> {
            .failure(ImportProblem(position: position, message: message))
        }
        guard let fields = object as? [String: Any] else { return fail("is not a JSON object (a page is {\"id\": …, \"link\": …, …})") }
        guard let id = integer(fields["id"]) else { return fail("has no numeric `id`") }
        let position = position + " (WordPress id \(id))"
        guard let linkText = fields["link"] as? String, !linkText.isEmpty else {
            return .failure(ImportProblem(position: position, message: "has no `link` (the page's URL, which gives its place in the tree)"))
        }
        guard let link = URL(string: linkText), link.host != nil else {
            return .failure(ImportProblem(position: position, message: "has a `link` that is not an absolute URL: \(linkText)"))
        }
        // The rendered title may hold markup (`<em>`) and references; front matter takes its text.
        let title = CleanHTML.collapse(HTMLFragmentParser.parse(rendered(fields["title"]) ?? "").map(\.plainText).joined())
            .trimmingCharacters(in: .whitespaces)
        guard !title.isEmpty else {
            return .failure(ImportProblem(position: position, message: "has no `title` (title.rendered is missing or empty)"))
        }
        guard let html = rendered(fields["content"]) else {
            return .failure(ImportProblem(position: position, message: "has no `content.rendered` (save the pages with the default `context=view`)"))
        }
        let parent = integer(fields["parent"]).flatMap { $0 == 0 ? nil : $0 }
        return .success(WordPressPage(
            position: position, id: id, title: title,
            slug: (fields["slug"] as? String).map { $0.removingPercentEncoding ?? $0 }.flatMap { $0.isEmpty ? nil : $0 },
            link: link, guid: rendered(fields["guid"]), parent: parent, menuOrder: integer(fields["menu_order"]), modifiedGMT: fields["modified_gmt"] as? String,
            html: html, description: YoastDescription.from(fields),
            language: (fields["lang"] as? String) ?? (fields["wpml_current_locale"] as? String),
            translations: TranslationReference.all(in: fields)
        ))
    }

    /// `{"rendered": "…"}` or a bare string.
    private static func rendered(_ value: Any?) -> String? {
        if let text = value as? String { return text }
        return (value as? [String: Any])?["rendered"] as? String
    }

    /// A JSON number or a string of digits.
    static func integer(_ value: Any?) -> Int? {
        if let number = value as? NSNumber {
            // JSON's true and false are numbers too once parsed; they are not ids.
            return String(cString: number.objCType) == "c" ? nil : Int(exactly: number.doubleValue)
        }
        if let text = value as? String { return Int(text) }
        return nil
    }
}

/// Yoast SEO's description of a page.
enum YoastDescription {
    /// The description from `yoast_head_json`, else from the `<meta>` tags of `yoast_head`.
    static func from(_ fields: [String: Any]) -> String? {
        let json = fields["yoast_head_json"] as? [String: Any] ?? [:]
        for key in ["description", "og_description"] {
            if let text = clean(json[key] as? String) { return text }
        }
        guard let head = fields["yoast_head"] as? String else { return nil }
        var metas: [String: String] = [:]
        func collect(_ nodes: [HTMLNode]) {
            for node in nodes {
                guard let element = node.element else { continue }
                if element.name == "meta", let key = element.attribute("name") ?? element.attribute("property") {
                    metas[key] = metas[key] ?? element.attribute("content")
                }
                collect(element.children)
            }
        }
        collect(HTMLFragmentParser.parse(head))
        return clean(metas["description"]) ?? clean(metas["og:description"])
    }

    private static func clean(_ text: String?) -> String? {
        guard let text else { return nil }
        let flat = CleanHTML.collapse(HTMLEntities.decode(text)).trimmingCharacters(in: .whitespaces)
        return flat.isEmpty ? nil : flat
    }
}

/// A bad input: which page of which file, and what is wrong with it.
public struct ImportProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// `pages-2.json, page 14 (WordPress id 3012)`, or a file alone.
    public let position: String
    /// What is wrong.
    public let message: String

    /// Creates a problem.
    public init(position: String, message: String) {
        self.position = position
        self.message = message
    }

    /// `position: message`.
    public var description: String { "\(position): \(message)" }
}

/// Every bad input found in one import; nothing was written.
public struct ImportFailure: Error, Sendable, CustomStringConvertible {
    /// The problems, in input order.
    public let problems: [ImportProblem]

    /// One problem per line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
