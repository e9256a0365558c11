import ArgumentParser
import Foundation
import HelpSite

extension HelpGen {
    /// `helpgen import`: bring pages from another help center into the site.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bring the pages of another help center into site/content.",
            subcommands: [WordPress.self]
        )
    }
}

extension HelpGen.Import {
    /// `helpgen import wordpress`.
    struct WordPress: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "wordpress",
            abstract: "Import WordPress pages saved from its REST API (JSON) as Markdown pages.",
            discussion: """
            Each INPUT is a JSON file holding one page object or an array of them (as \
            GET /wp-json/wp/v2/<type>?per_page=100&page=N returns them), or a folder of such files. \
            Nothing is fetched over the network. Prints each thing to review as `file: what (WordPress id N)`, \
            then a summary line. Exit status: 0 when everything converted, 2 when there are items to review, \
            1 on bad input (nothing is written then).
            """
        )

        @Argument(help: "JSON files or folders of JSON files.")
        var inputs: [String]

        @Option(help: "The site folder (with config.yml); pages go to its content/ folder.")
        var site = "site"

        @Option(help: "The locale of pages whose link does not start with one of the site's locales.")
        var locale: String?

        @Option(help: "The post type's base in page links (the segment after the locale).")
        var typeBase = "use-guides"

        @Option(help: ArgumentHelp("A CSS class that marks a callout, and its kind (repeatable; lw_tip=TIP is built in).", valueName: "CLASS=TIP|NOTE|WARNING"))
        var calloutClass: [String] = []

        @Option(help: ArgumentHelp("A CSV of pages that are one another's translations: a header such as en_id,ko_id, then one row of WordPress ids per page.", valueName: "file"))
        var translations: String?

        @Option(help: ArgumentHelp("Also write the report as JSON to this file.", valueName: "file.json"))
        var report: String?

        @Flag(help: "Replace existing files whose content changed (without it, an existing file that differs stops the import).")
        var force = false

        func validate() throws {
            _ = try callouts()
        }

        /// `--callout-class` values as class → kind.
        private func callouts() throws -> [String: String] {
            var map: [String: String] = [:]
            for value in calloutClass {
                let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty, ["tip", "note", "warning"].contains(parts[1].lowercased()) else {
                    throw ValidationError("--callout-class \"\(value)\" must be CLASS=TIP, CLASS=NOTE or CLASS=WARNING (such as lw_note=NOTE)")
                }
                map[parts[0]] = parts[1].lowercased()
            }
            return map
        }

        func run() throws {
            let options = WordPressImport.Options(
                inputs: inputs, site: site, locale: locale, typeBase: typeBase,
                callouts: try callouts(), translations: translations, force: force
            )
            let result: ImportReport
            do {
                result = try WordPressImport(options: options).run()
            } catch let failure as ImportFailure {
                let plural = failure.problems.count == 1 ? "problem" : "problems"
                FileHandle.standardError.write(Data((failure.description + "\nhelpgen: \(failure.problems.count) \(plural); nothing was written\n").utf8))
                throw ExitCode(1)
            }
            for entry in result.entries { print(entry.line) }
            print(result.summary)
            if let report {
                do {
                    try result.json().write(to: URL(fileURLWithPath: report), options: .atomic)
                } catch {
                    FileHandle.standardError.write(Data("helpgen: the report cannot be written to \(report): \(error.localizedDescription)\n".utf8))
                    throw ExitCode(1)
                }
            }
            if result.exitStatus != 0 { throw ExitCode(result.exitStatus) }
        }
    }
}
