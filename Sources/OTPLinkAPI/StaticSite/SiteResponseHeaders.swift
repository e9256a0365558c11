import HTTPTypes

/// The headers the built help center is served with: content type, caching and the page's
/// security policy.
///
/// - Assets whose file name carries a content hash (`app.3f9c1a2b.css`) never change under
///   that name, so browsers may keep them for a year: `public, max-age=31536000, immutable`.
/// - Everything else (pages, `sitemap.xml`, `robots.txt`) is `no-cache`: browsers revalidate
///   with the ETag, so a rebuilt site shows at once.
/// - Every answer carries `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer`;
///   HTML pages also a `Content-Security-Policy` that lets only the site's own scripts run and
///   forbids framing (the authentication page must not be clickjacked).
public struct SiteResponseHeaders: Sendable {
    /// The policy sent with every HTML page.
    public var contentSecurityPolicy: String

    /// The default policy: scripts, styles, fonts and `fetch` only from this origin, images also
    /// as `data:` URLs, no plugins, no `<base>`, no framing.
    public static let defaultContentSecurityPolicy = [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ].joined(separator: "; ")

    /// Creates the header policy; `contentSecurityPolicy` is sent with HTML pages.
    public init(contentSecurityPolicy: String = SiteResponseHeaders.defaultContentSecurityPolicy) {
        self.contentSecurityPolicy = contentSecurityPolicy
    }

    /// `Cache-Control` for the file at `path` (a URL path or a file name).
    public func cacheControl(forPath path: String) -> String {
        Self.isFingerprinted(path) ? "public, max-age=31536000, immutable" : "no-cache"
    }

    /// The media type for the file at `path`, with `charset=utf-8` for text; `nil` when the
    /// extension is not one a help center serves (the file server's own table decides then).
    public func contentType(forPath path: String) -> String? {
        Self.contentTypes[Self.fileExtension(of: path)]
    }

    /// Adds this policy's headers to the answer for the file at `path`.
    public func apply(to headers: inout HTTPFields, path: String) {
        if let type = contentType(forPath: path) {
            headers[.contentType] = type
        }
        headers[.cacheControl] = cacheControl(forPath: path)
        headers[contentTypeOptionsField] = "nosniff"
        headers[referrerPolicyField] = "no-referrer"
        if (headers[.contentType] ?? "").hasPrefix("text/html") {
            headers[.contentSecurityPolicy] = contentSecurityPolicy
            headers[frameOptionsField] = "DENY"
        }
    }

    /// Whether the last path component is `name.<8 to 64 hex digits>.ext`, helpgen's hashed names.
    public static func isFingerprinted(_ path: String) -> Bool {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 3, !parts[0].isEmpty, !parts[parts.count - 1].isEmpty else { return false }
        let hash = parts[parts.count - 2]
        return (8...64).contains(hash.count) && hash.allSatisfy(\.isHexDigit)
    }

    static func fileExtension(of path: String) -> String {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    static let contentTypes: [String: String] = [
        "html": "text/html; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8",
        "mjs": "text/javascript; charset=utf-8",
        "json": "application/json; charset=utf-8",
        "xml": "application/xml; charset=utf-8",
        "txt": "text/plain; charset=utf-8",
        "svg": "image/svg+xml",
        "png": "image/png",
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "gif": "image/gif",
        "webp": "image/webp",
        "avif": "image/avif",
        "ico": "image/x-icon",
        "woff": "font/woff",
        "woff2": "font/woff2",
        "webmanifest": "application/manifest+json; charset=utf-8",
        "pdf": "application/pdf",
    ]
}

private let contentTypeOptionsField = HTTPField.Name("X-Content-Type-Options")!
private let referrerPolicyField = HTTPField.Name("Referrer-Policy")!
private let frameOptionsField = HTTPField.Name("X-Frame-Options")!
