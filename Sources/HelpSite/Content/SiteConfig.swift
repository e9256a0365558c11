import Foundation
import Yams

/// `site/config.yml`: the site's name, address, languages, organization, API address, translation
/// fallback and edit link.
struct SiteConfig: Sendable {
    /// One language of the site.
    struct Locale: Sendable, Equatable {
        /// The code used in URLs and folder names (`en`, `ko`).
        let code: String
        /// The name shown in the language switcher, in its own language (`English`, `한국어`).
        let name: String
        /// The Open Graph locale (`en_US`); `hreflang`/`lang` use `code`.
        let ogLocale: String
    }

    /// The site's title, appended to page titles.
    let title: String
    /// Absolute URL of the site root, without a trailing slash (`https://help.example.com`).
    let baseURL: String
    /// The path part of `baseURL` ending in `/` (`/` or `/help/`): root-relative links start with it.
    let rootPath: String
    /// The locale `x-default` and `/` point to.
    let defaultLocale: String
    /// Every locale, the default one first, then in the order of the file.
    let locales: [Locale]
    /// The organization behind the site (JSON-LD `Organization`).
    let organizationName: String
    /// Absolute URL of the organization's logo.
    let organizationLogo: String
    /// Where the verification API answers; empty means the same origin as the pages.
    let apiBaseURL: String
    /// `translationFallback: true`: a page missing in a locale is built there from the default
    /// locale's page, with a notice that it is not translated yet.
    var translationFallback = false
    /// `editURL:`, the address a page's content path is appended to for its "Edit this page" link
    /// (`https://git.example.com/docs/edit/main/site/content/`); nil for no link.
    var editURL: String?

    /// Reads the configuration; `baseURLOverride` (from `--base-url`) replaces `baseURL:`.
    static func load(path: String, baseURLOverride: String?) -> Result<SiteConfig, SiteBuildFailure> {
        func fail(_ line: Int?, _ message: String) -> Result<SiteConfig, SiteBuildFailure> {
            .failure(SiteBuildFailure(problems: [SiteProblem(file: path, line: line, message: message)]))
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            return fail(nil, "the site configuration cannot be read (is --site the folder holding config.yml?)")
        }
        let root: Node.Mapping
        do {
            guard let mapping = try Yams.compose(yaml: text)?.mapping else { return fail(1, "the configuration must be a YAML map") }
            root = mapping
        } catch {
            return .failure(SiteBuildFailure(problems: [YAMLProblem.from(error, file: path, firstLine: 1)]))
        }
        var problems: [SiteProblem] = []
        func required(_ node: Node?, _ key: String, line: Int = 1) -> String {
            guard let value = node?.string?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
                problems.append(SiteProblem(file: path, line: node?.mark?.line ?? line, message: "`\(key)` is missing or empty"))
                return ""
            }
            return value
        }
        let title = required(root["title"], "title")
        var baseURL = baseURLOverride ?? required(root["baseURL"], "baseURL")
        while baseURL.hasSuffix("/") { baseURL.removeLast() }
        var rootPath = "/"
        if let url = URL(string: baseURL), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil {
            rootPath = url.path.isEmpty ? "/" : url.path + "/"
        } else if !baseURL.isEmpty {
            let origin = baseURLOverride == nil ? "`baseURL`" : "--base-url"
            problems.append(SiteProblem(file: path, line: root["baseURL"]?.mark?.line, message: "\(origin) \"\(baseURL)\" is not an absolute http(s) URL such as https://help.example.com"))
        }
        let defaultLocale = required(root["defaultLocale"], "defaultLocale")
        var locales: [Locale] = []
        if let mapping = root["locales"]?.mapping, !mapping.isEmpty {
            for (key, value) in mapping {
                guard let code = key.string, Self.isLocaleCode(code) else {
                    problems.append(SiteProblem(file: path, line: key.mark?.line, message: "\"\(key.string ?? "?")\" is not a locale code such as en or pt-BR"))
                    continue
                }
                let name = value["name"]?.string ?? code
                let ogLocale = value["ogLocale"]?.string ?? code.replacingOccurrences(of: "-", with: "_")
                locales.append(Locale(code: code, name: name, ogLocale: ogLocale))
            }
        } else {
            problems.append(SiteProblem(file: path, line: root["locales"]?.mark?.line, message: "`locales` must map each locale code to {name: ...}"))
        }
        if !defaultLocale.isEmpty, !locales.isEmpty {
            if let index = locales.firstIndex(where: { $0.code == defaultLocale }) {
                locales.insert(locales.remove(at: index), at: 0)
            } else {
                problems.append(SiteProblem(file: path, line: root["defaultLocale"]?.mark?.line, message: "`defaultLocale` \"\(defaultLocale)\" is not one of `locales` (\(locales.map(\.code).joined(separator: ", ")))"))
            }
        }
        let organization = root["organization"]
        let organizationName = organization?["name"]?.string ?? title
        let organizationLogo = organization?["logo"]?.string ?? ""
        var apiBaseURL = root["api"]?["baseURL"]?.string ?? ""
        while apiBaseURL.hasSuffix("/") { apiBaseURL.removeLast() }
        var translationFallback = false
        if let node = root["translationFallback"] {
            if let flag = node.bool { translationFallback = flag } else {
                problems.append(SiteProblem(file: path, line: node.mark?.line, message: "`translationFallback` must be true or false"))
            }
        }
        var editURL: String?
        if let node = root["editURL"] {
            if let text = node.string, let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil {
                editURL = text.hasSuffix("/") ? text : text + "/"
            } else {
                problems.append(SiteProblem(file: path, line: node.mark?.line, message: "`editURL` must be an absolute http(s) URL such as https://git.example.com/docs/edit/main/site/content/"))
            }
        }
        guard problems.isEmpty else { return .failure(SiteBuildFailure(problems: problems)) }
        var config = SiteConfig(
            title: title, baseURL: baseURL, rootPath: rootPath, defaultLocale: defaultLocale, locales: locales,
            organizationName: organizationName, organizationLogo: organizationLogo, apiBaseURL: apiBaseURL
        )
        config.translationFallback = translationFallback
        config.editURL = editURL
        return .success(config)
    }

    /// `https://help.example.com` + `/en/a/` (a root-relative path made by this generator).
    func absoluteURL(_ rootRelative: String) -> String {
        let origin = rootPath == "/" ? baseURL : String(baseURL.dropLast(rootPath.count - 1))
        return origin + rootRelative
    }

    private static func isLocaleCode(_ code: String) -> Bool {
        !code.isEmpty && code.count <= 12 && code.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }
}
