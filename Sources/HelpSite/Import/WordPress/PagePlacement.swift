import Foundation

/// A page with its place in the site: `content/<locale>/<contentPath>`.
struct PlacedPage: Sendable {
    /// The WordPress page.
    let page: WordPressPage
    /// Its locale folder.
    let locale: String
    /// The folders and name of its place (`drive`, `send-file-or-link`, …, `otp-link-authenticate`).
    let segments: [String]
    /// Path inside the locale folder: `a/b.md`, or `a/b/_index.md` for a page with children.
    let contentPath: String
}

/// A section page written for a folder whose WordPress page is not in the input.
struct CreatedParent: Sendable, Equatable {
    /// Its locale folder.
    let locale: String
    /// `a/b/_index.md`.
    let contentPath: String
    /// A title made from the folder name.
    let title: String
}

/// Where every page goes, and the section pages made for missing parents.
struct SitePlan: Sendable {
    /// The input's pages, placed, in input order.
    let pages: [PlacedPage]
    /// Section pages made for folders no input page is the page of (existing files are left alone).
    let createdParents: [CreatedParent]
    /// The folders (sections) the pages are in, in every locale: each has an imported page, a made one,
    /// or one the site already had.
    let sections: Int
}

/// Places pages by their `link`: `https://host/<locale>/<type base>/<path>/` goes to `content/<locale>/<path>`.
enum PagePlacement {
    /// What placing needs besides the pages.
    struct Rules {
        /// The site's locales, the default one first.
        let locales: [String]
        /// The locale of pages whose link names none (`--locale`).
        let fallbackLocale: String?
        /// The post type's segment of the link (`use-guides`); "" when links have none.
        let typeBase: String
        /// Whether `content/<locale>/<contentPath>` already exists in the site.
        let exists: (String, String) -> Bool
    }

    /// Places `pages`; translations (groups of ids) share the path of the one in the earliest locale.
    static func place(_ pages: [WordPressPage], groups: [[Int]], rules: Rules) -> Result<SitePlan, ImportFailure> {
        var problems: [ImportProblem] = []
        var located: [Int: (locale: String, segments: [String])] = [:]
        for page in pages {
            switch locate(page, rules: rules) {
            case let .success(place): located[page.id] = place
            case let .failure(problem): problems.append(problem)
            }
        }
        guard problems.isEmpty else { return .failure(ImportFailure(problems: problems)) }

        let byID = Dictionary(uniqueKeysWithValues: pages.map { ($0.id, $0) })
        for group in groups where group.count > 1 {
            let rank = { (id: Int) in rules.locales.firstIndex(of: located[id]!.locale) ?? Int.max }
            let canonical = group.min { (rank($0), $0) < (rank($1), $1) }!
            var byLocale: [String: Int] = [:]
            for id in group {
                let locale = located[id]!.locale
                if let other = byLocale[locale] {
                    problems.append(ImportProblem(position: byID[id]!.position, message: "and \(byID[other]!.position) are both \(locale) translations of one page: their translation links (or --translations rows) join them"))
                }
                byLocale[locale] = id
                located[id] = (locale, located[canonical]!.segments)
            }
        }
        guard problems.isEmpty else { return .failure(ImportFailure(problems: problems)) }

        var folders: [String: Set<String>] = [:]
        var taken: [String: String] = [:]
        for page in pages {
            let place = located[page.id]!
            for depth in 1..<max(1, place.segments.count) {
                folders[place.locale, default: []].insert(place.segments.prefix(depth).joined(separator: "/"))
            }
            let key = place.locale + "/" + place.segments.joined(separator: "/")
            if let other = taken[key] {
                problems.append(ImportProblem(position: page.position, message: "has the same place as \(other): content/\(key)"))
            }
            taken[key] = page.position
        }
        guard problems.isEmpty else { return .failure(ImportFailure(problems: problems)) }

        let placed = pages.map { page -> PlacedPage in
            let place = located[page.id]!
            let path = place.segments.joined(separator: "/")
            let isSection = folders[place.locale, default: []].contains(path)
            return PlacedPage(page: page, locale: place.locale, segments: place.segments, contentPath: isSection ? path + "/_index.md" : path + ".md")
        }
        var created: [CreatedParent] = []
        for locale in folders.keys.sorted() {
            for folder in folders[locale]!.sorted() where taken[locale + "/" + folder] == nil {
                let contentPath = folder + "/_index.md"
                guard !rules.exists(locale, contentPath) else { continue }
                let name = String(folder.split(separator: "/").last!)
                created.append(CreatedParent(locale: locale, contentPath: contentPath, title: PageTree.readableName(name)))
            }
        }
        return .success(SitePlan(pages: placed, createdParents: created, sections: folders.values.map(\.count).reduce(0, +)))
    }

    /// The locale and path segments of one page, from its link.
    private static func locate(_ page: WordPressPage, rules: Rules) -> Result<(locale: String, segments: [String]), ImportProblem> {
        var segments = page.link.path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        let locale: String
        if let first = segments.first, rules.locales.contains(first) {
            locale = first
            segments.removeFirst()
        } else if let language = page.language, let code = localeCode(language, in: rules.locales) {
            locale = code
        } else if let fallback = rules.fallbackLocale {
            locale = fallback
        } else {
            return .failure(ImportProblem(position: page.position, message: "has a link without a locale of the site (\(rules.locales.joined(separator: ", "))) after the host: \(page.link.absoluteString); give --locale"))
        }
        if !rules.typeBase.isEmpty {
            guard segments.first == rules.typeBase else {
                return .failure(ImportProblem(position: page.position, message: "has a link whose path does not continue with the post type's base /\(rules.typeBase)/: \(page.link.absoluteString); give --type-base"))
            }
            segments.removeFirst()
        }
        guard !segments.isEmpty else {
            return .failure(ImportProblem(position: page.position, message: "has a link with no page path after the post type's base: \(page.link.absoluteString)"))
        }
        if let bad = segments.first(where: { !FrontMatter.isSegment($0) || $0 == "_index" }) {
            return .failure(ImportProblem(position: page.position, message: "has a link with the segment \"\(bad)\", which cannot be a folder or file name"))
        }
        return .success((locale, segments))
    }

    /// The site's locale for a plugin's language code (`ko_KR`, `ko-kr`, `ko` → `ko`), if the site has it.
    static func localeCode(_ language: String, in locales: [String]) -> String? {
        let code = language.lowercased().replacingOccurrences(of: "_", with: "-")
        if let exact = locales.first(where: { $0.lowercased() == code }) { return exact }
        let primary = code.split(separator: "-").first.map(String.init) ?? code
        return locales.first { $0.lowercased() == primary }
    }
}
