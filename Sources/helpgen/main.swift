import ArgumentParser
import Foundation
import HelpSite

/// `helpgen`: renders the help center (`site/` + `templates/`) into a static site.
struct HelpGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "helpgen",
        abstract: "Render the help center and the authentication pages into a static site.",
        subcommands: [Build.self, Check.self],
        defaultSubcommand: Build.self
    )
}

/// Options shared by `build` and `check`.
struct FolderOptions: ParsableArguments {
    @Option(help: "The folder with config.yml, content/, i18n/ and assets/.")
    var site = "site"

    @Option(help: "The folder of Mustache templates.")
    var templates = "templates"

    @Option(help: "Absolute URL of the site root; replaces baseURL of config.yml.")
    var baseURL: String?

    func validate() throws {
        if let baseURL, !(baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://")) {
            throw ValidationError("--base-url must be an absolute http(s) URL, such as https://help.example.com")
        }
    }
}

/// Runs the builder and turns a failure into `file:line: message` lines and exit status 1.
private func runReporting(_ work: () throws -> SiteBuilder.Report) throws {
    do {
        print(try work().summary)
    } catch let failure as SiteBuildFailure {
        let plural = failure.problems.count == 1 ? "problem" : "problems"
        FileHandle.standardError.write(Data((failure.description + "\nhelpgen: \(failure.problems.count) \(plural); nothing was written\n").utf8))
        throw ExitCode(1)
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("helpgen: \(error.localizedDescription)\n".utf8))
        throw ExitCode(1)
    }
}

extension HelpGen {
    /// `helpgen build`.
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Build the site into the output folder (replaced only when the build succeeds).")

        @OptionGroup var folders: FolderOptions

        @Option(help: "The folder the site is written to.")
        var output = "public"

        func run() throws {
            try runReporting {
                try SiteBuilder(options: .init(site: folders.site, templates: folders.templates, output: output, baseURL: folders.baseURL)).build()
            }
        }
    }

    /// `helpgen check`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check everything build checks, writing nothing.")

        @OptionGroup var folders: FolderOptions

        func run() throws {
            try runReporting {
                try SiteBuilder(options: .init(site: folders.site, templates: folders.templates, baseURL: folders.baseURL)).check()
            }
        }
    }
}

HelpGen.main()
