import ArgumentParser
import Foundation
import HelpSite

/// `helpgen`: renders the help center (`site/` + `templates/`) into a static site.
struct HelpGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "helpgen",
        abstract: "Render the help center and the authentication pages into a static site.",
        subcommands: [Build.self, Check.self, Watch.self, Serve.self, Import.self],
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

/// Prints `text` to standard output at once (stdout is block-buffered when it is a file or a pipe).
func say(_ text: String) {
    print(text)
    fflush(nil)
}

/// Writes `text` and a newline to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Runs the builder and turns a failure into `file:line: message` lines and exit status 1.
func runReporting(_ work: () throws -> SiteBuilder.Report) throws {
    do {
        let report = try work()
        for warning in report.warnings { printError("warning: \(warning)") }
        say(report.summary)
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
        static let configuration = CommandConfiguration(
            abstract: "Build the site into the output folder (changed only when the whole site has no problems).",
            discussion: """
            The build state is kept in .helpgen/<output name>/ beside the output folder: the next build reads \
            again only the files that changed, renders again only the pages whose input changed and writes \
            only the files whose bytes differ. Without a usable state, or with --clean, the whole site is \
            written into a fresh folder that replaces the output folder at once.
            """
        )

        @OptionGroup var folders: FolderOptions

        @Option(help: "The folder the site is written to.")
        var output = "public"

        @Flag(help: "Ignore the build state: render every page and replace the output folder whole.")
        var clean = false

        func run() throws {
            try runReporting {
                try SiteBuilder(options: .init(
                    site: folders.site, templates: folders.templates, output: output, baseURL: folders.baseURL, clean: clean
                )).build(beforeExit: true)
            }
        }
    }

    /// `helpgen watch`.
    struct Watch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build the site, then rebuild what an edit changes, in place, until stopped (Ctrl-C).",
            discussion: """
            Keeps the site in memory and watches the site and templates folders. After each change it checks \
            the whole site; on problems it prints them (file:line: message) and leaves the output as it was. \
            Otherwise it renders again only the pages whose HTML can change and writes only files whose bytes \
            differ, each through a temporary file and a rename.
            """
        )

        @OptionGroup var folders: FolderOptions

        @Option(help: "The folder the site is written to.")
        var output = "public"

        func run() throws {
            let options = SiteBuilder.Options(site: folders.site, templates: folders.templates, output: output, baseURL: folders.baseURL)
            try watchAndRebuild(options: options, rebuilt: {}, failed: { _ in })
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
