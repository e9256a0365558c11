import Foundation

/// The origin (`scheme://host[:port]`) of a URL, as browsers send it in the `Origin` header.
///
/// Default ports are left out (`https://help.example.com`, not `...:443`), lowercase scheme and host.
struct SiteOrigin: CustomStringConvertible, Equatable {
    let scheme: String
    let host: String
    let port: Int?

    init(url: URL) {
        let scheme = (url.scheme ?? "http").lowercased()
        self.scheme = scheme
        self.host = (url.host ?? "").lowercased()
        let defaultPort = scheme == "https" ? 443 : 80
        self.port = url.port.flatMap { $0 == defaultPort ? nil : $0 }
    }

    /// Parses an `Origin` header value; `nil` for `null` or anything that is not an origin.
    init?(header: String) {
        guard header != "null", let url = URL(string: header), url.scheme != nil, url.host != nil else { return nil }
        self.init(url: url)
    }

    var description: String {
        "\(scheme)://\(host)" + (port.map { ":\($0)" } ?? "")
    }
}
