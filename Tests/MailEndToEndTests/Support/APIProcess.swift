import Foundation
#if canImport(Glibc)
import Glibc
private let sendSignal = Glibc.kill
#else
import Darwin
private let sendSignal = Darwin.kill
#endif

/// The built `otplink-api` binary running `serve` as a child process on 127.0.0.1.
final class APIProcess: @unchecked Sendable {
    let port: Int
    private let process: Process
    private let output: Pipe

    private init(port: Int, process: Process, output: Pipe) {
        self.port = port
        self.process = process
        self.output = output
    }

    deinit { kill() }

    /// The binary next to the test bundle (`swift build` puts both in one folder).
    static var binary: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("otplink-api").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return Scratch.templates.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug/otplink-api").path
    }

    /// Starts `otplink-api serve --port 0 <arguments>` and waits (bounded) for its "listening" line.
    static func start(_ arguments: [String]) throws -> APIProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "0"] + arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("OTPLINK_") }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        for _ in 0..<400 where !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = text.range(of: #"listening on http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression),
              let port = Int(text[range].split(separator: ":").last ?? "") else {
            process.terminate()
            throw APIClient.Failure(description: "\(binary) serve did not start: \(text)")
        }
        // Keep reading what it prints, so a full pipe never blocks the server.
        output.fileHandleForReading.readabilityHandler = { handle in _ = handle.availableData }
        return APIProcess(port: port, process: process, output: output)
    }

    /// Ends the process with SIGKILL, as a crash or an OOM kill would, and waits for it.
    func kill() {
        guard process.isRunning else { return }
        _ = sendSignal(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// How the process ended (`uncaughtSignal` after ``kill()``).
    var terminationReason: Process.TerminationReason { process.terminationReason }
}
