import Crypto
import Foundation

/// The images the pages show: each found beside its page (`page/index.md` + `page/shot.png`, or beside
/// `page.md`) or in `site/assets/`, measured, and published under a content-hashed name; a `shot@2x.png`
/// beside `shot.png` is published too and offered in `srcset`.
///
/// A missing file, a file that is not a PNG, JPEG, GIF, WebP or SVG image, and an image without alt
/// text are problems at the image's file line; an image file in `site/content/` that no page shows is
/// a warning.
struct SiteImages: Sendable {
    /// One file to publish.
    struct File: Sendable, Equatable {
        /// Where it is read from.
        let source: String
        /// Path under the output folder (`assets/images/shot.3f9c1a2b.png`).
        let outputPath: String
        /// The digest of its bytes.
        let digest: ContentDigest
    }

    /// The files to publish, each once, sorted by output path.
    let files: [File]
    /// For each page (by index), the `<img>` element of each of its image slots, in order.
    let elements: [[String]]
    /// Image files of the content folders that no page shows.
    let warnings: [SiteProblem]

    /// The image file extensions looked for in the content folders.
    static let extensions: Set<String> = ["png", "jpg", "jpeg", "gif", "webp", "svg"]

    /// Finds and measures every image of every page of `tree`; problems are added to `problems`.
    /// `contentImages` are the image files of the content folders (for the unused-image warning).
    static func resolve(
        tree: PageTree, site: SitePath, assets: AssetCatalog, rootPath: String, contentImages: [String],
        problems: inout [SiteProblem]
    ) -> SiteImages {
        var found = Finder(site: site, assets: assets)
        var elements: [[String]] = []
        for page in tree.pages {
            guard let outline = tree.sources[page.index] else { elements.append([]); continue }
            var pageElements: [String] = []
            for image in outline.images {
                let line = image.line + outline.bodyLine - 1
                if image.alt.isEmpty {
                    problems.append(SiteProblem(file: outline.file, line: line, message: "the image \"\(image.destination)\" has no alt text; write what it shows between the brackets: ![what it shows](\(image.destination))"))
                }
                guard image.isLocal else { continue }
                switch found.publish(image.destination, from: outline.file) {
                case let .success(published):
                    pageElements.append(element(image, published: published, rootPath: rootPath))
                case let .failure(problem):
                    problems.append(SiteProblem(file: outline.file, line: line, message: problem.message))
                    pageElements.append("")
                }
            }
            elements.append(pageElements)
        }
        let unused = contentImages.filter { !found.shown.contains(Finder.normalized($0)) }.sorted()
        let warnings = unused.map { SiteProblem(file: $0, message: "the image is not shown by any page") }
        return SiteImages(files: found.files.values.sorted { $0.outputPath < $1.outputPath }, elements: elements, warnings: warnings)
    }

    /// The `<img>` element of an image: its published URL, size, lazy loading and `srcset` when a
    /// 2x file exists.
    private static func element(_ image: ImageOccurrence, published: Finder.Published, rootPath: String) -> String {
        // URLs written as cmark writes a link's: a file name with spaces or other letters stays a valid URL.
        func href(_ path: String) -> String {
            var url = ""
            PageBodyHTML.appendEscapedHref(rootPath + path, to: &url)
            return url
        }
        let url = href(published.file.outputPath)
        var html = "<img src=\"\(url)\" alt=\"\(HTMLText.escapeAttribute(image.alt))\""
        html += " width=\"\(published.size.width)\" height=\"\(published.size.height)\""
        if let double = published.double {
            html += " srcset=\"\(url) 1x, \(href(double.outputPath)) 2x\""
        }
        if !image.title.isEmpty { html += " title=\"\(HTMLText.escapeAttribute(image.title))\"" }
        return html + " loading=\"lazy\" decoding=\"async\" />"
    }

    /// Finds image files, reading each once.
    private struct Finder {
        /// The site folder, `..` and `.` resolved.
        let site: String
        /// The output path of each file of `site/assets/` (published with the assets).
        let assetOutputs: [String: String]
        /// Files to publish besides the assets, by output path.
        var files: [String: File] = [:]
        /// Files read so far, by source path.
        var measured: [String: (file: File, size: ImageSize)] = [:]
        /// Source paths of the images shown (with their 2x files).
        var shown: Set<String> = []

        /// An image found and published.
        struct Published {
            let file: File
            let size: ImageSize
            let double: File?
        }

        init(site: SitePath, assets: AssetCatalog) {
            self.site = Self.normalized(site.string)
            assetOutputs = Dictionary(assets.assets.map { (Self.normalized($0.source), $0.outputPath) }, uniquingKeysWith: { first, _ in first })
        }

        /// `path` made absolute, with `.` and `..` resolved and no doubled slashes.
        static func normalized(_ path: String) -> String {
            let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
            var components: [Substring] = []
            for component in absolute.split(separator: "/") where component != "." {
                if component == ".." {
                    _ = components.popLast()
                } else {
                    components.append(component)
                }
            }
            return "/" + components.joined(separator: "/")
        }

        /// The image `destination` written in the page `file`: beside the page, else in `site/assets/`
        /// (a destination starting with `/` is from `site/assets/` only), never outside the site folder.
        mutating func publish(_ destination: String, from file: String) -> Result<Published, ImageProblem> {
            let path = LinkResolver.decoded(String(destination.prefix { $0 != "?" && $0 != "#" }))
            let assetsFolder = site + "/assets"
            let candidates = path.hasPrefix("/")
                ? [assetsFolder + "/" + path.drop { $0 == "/" }]
                : [Self.normalized(file) + "/../" + path, assetsFolder + "/" + path]
            let inside = candidates.map(Self.normalized).filter { $0.hasPrefix(site + "/") }
            guard !path.isEmpty, let source = inside.first(where: Self.isFile) else {
                return .failure(ImageProblem("the image \"\(destination)\" does not exist"))
            }
            guard let image = measure(source) else {
                return .failure(ImageProblem("the image \"\(destination)\" is not a PNG, JPEG, GIF, WebP or SVG image"))
            }
            shown.insert(source)
            var double: File?
            if let dot = source.lastIndex(of: "."), !source[dot...].contains("/") {
                let doubleSource = String(source[..<dot]) + "@2x" + source[dot...]
                if Self.isFile(doubleSource), let doubleImage = measure(doubleSource) {
                    double = doubleImage.file
                    shown.insert(doubleSource)
                }
            }
            return .success(Published(file: image.file, size: image.size, double: double))
        }

        /// Reads, measures and names `source` (once); nil when it is no image of a known format.
        private mutating func measure(_ source: String) -> (file: File, size: ImageSize)? {
            if let known = measured[source] { return known }
            guard let data = FileManager.default.contents(atPath: source), let size = ImageSize.read(data) else { return nil }
            let file: File
            if let outputPath = assetOutputs[source] {
                file = File(source: source, outputPath: outputPath, digest: ContentDigest(of: data))
            } else {
                let hash = SHA256.hash(data: data).prefix(4).map { String(format: "%02x", $0) }.joined()
                let name = SitePath(source).name
                let dot = name.lastIndex(of: ".") ?? name.endIndex
                file = File(source: source, outputPath: "assets/images/\(name[..<dot]).\(hash)\(name[dot...])", digest: ContentDigest(of: data))
                // The same bytes under the same name in `site/assets/images/` are published with the assets.
                if !assetOutputs.values.contains(file.outputPath) { files[file.outputPath] = file }
            }
            measured[source] = (file, size)
            return (file, size)
        }

        private static func isFile(_ path: String) -> Bool {
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
        }
    }

    /// Why an image cannot be shown.
    struct ImageProblem: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }
}
