import ArgumentParser
import Foundation

/// `otplink-api directory load FILE`: replaces the directory from a YAML or JSON file.
struct DirectoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "directory",
        abstract: "Manage the directory of organization domains, internal members and mailing lists.",
        subcommands: [Load.self]
    )

    /// `directory load FILE`.
    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the directory with the one in FILE.",
            discussion: """
                FILE is YAML or JSON: {"domains": [...], "members": [...], "lists": [{"address": ..., "members": [...]}]}.
                """
        )

        @OptionGroup var serviceOptions: ServiceOptions

        @Argument(help: ArgumentHelp("The directory file (.yaml, .yml or .json).", valueName: "file"))
        var file: String

        func validate() throws {
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw ValidationError("Cannot read the directory file \(file).")
            }
        }

        func run() async throws {
            let console = try await serviceOptions.console()
            let summary = try await console.loadDirectory(from: URL(fileURLWithPath: file))
            print("Loaded \(file): \(summary.domains) domains, \(summary.members) members, \(summary.lists) lists.")
        }
    }
}
