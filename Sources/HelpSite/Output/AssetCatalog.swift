import Crypto
import Foundation

/// The files of `site/assets/`, each published under a content-hashed name (`app.3f9c1a2b.css`), so
/// browsers may cache them forever and a changed file gets a new URL.
struct AssetCatalog: Sendable {
    /// One asset.
    struct Asset: Sendable {
        /// Where it is read from.
        let source: String
        /// Path under the output folder (`assets/app.3f9c1a2b.css`).
        let outputPath: String
        /// The digest of its bytes.
        let digest: ContentDigest
    }

    /// Every asset.
    let assets: [Asset]
    /// Template key (`app_css` for `app.css`, `img_logo_svg` for `img/logo.svg`) → root-relative URL.
    let urls: [String: String]

    /// Hashes every file under `directory` (missing folder = no assets).
    static func load(directory: String, rootPath: String, problems: inout [SiteProblem]) -> AssetCatalog {
        var assets: [Asset] = []
        var urls: [String: String] = [:]
        let files = (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? []).sorted()
        for relative in files {
            let source = directory + "/" + relative
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: source, isDirectory: &isFolder), !isFolder.boolValue,
                  !(relative.split(separator: "/").last?.hasPrefix(".") ?? true)
            else { continue }
            guard let data = FileManager.default.contents(atPath: source) else {
                problems.append(SiteProblem(file: source, message: "the asset cannot be read"))
                continue
            }
            let hash = SHA256.hash(data: data).prefix(4).map { String(format: "%02x", $0) }.joined()
            let hashedName: String
            if let dot = relative.lastIndex(of: "."), !relative[dot...].contains("/") {
                hashedName = "\(relative[..<dot]).\(hash)\(relative[dot...])"
            } else {
                hashedName = "\(relative).\(hash)"
            }
            let outputPath = "assets/" + hashedName
            assets.append(Asset(source: source, outputPath: outputPath, digest: ContentDigest(of: data)))
            urls[relative.map { $0 == "." || $0 == "/" || $0 == "-" ? "_" : $0 }.reduce(into: "") { $0.append($1) }] = rootPath + outputPath
        }
        return AssetCatalog(assets: assets, urls: urls)
    }
}
