import Foundation
import HelpSite

/// `helpgen watch`'s and `helpgen serve`'s loop: builds, then rebuilds in place what each edit
/// changes until Ctrl-C. After each successful build `rebuilt` is called; after a failed one
/// `failed` gets its problems (`file:line: message` lines), which are also printed, and the output
/// is left as it was.
func watchAndRebuild(options: SiteBuilder.Options, rebuilt: () -> Void, failed: (String) -> Void) throws {
    let stop = try StopSignal()
    let live = LiveSite(options: options)
    // Watching starts before the build, so an edit made while it runs is not missed.
    let watcher = FolderWatcher(folders: live.watchedFolders)
    do {
        let report = try SiteBuilder(options: options).build()
        for warning in report.warnings { printError("warning: \(warning)") }
        say(report.summary)
        rebuilt()
    } catch {
        if let failure = error as? SiteBuildFailure {
            let plural = failure.problems.count == 1 ? "problem" : "problems"
            printError(failure.description + "\nhelpgen: \(failure.problems.count) \(plural); nothing was written")
            failed(failure.description)
        } else {
            printError("helpgen: \(error.localizedDescription)")
            failed(error.localizedDescription)
        }
        printError("helpgen: watching anyway; the output is written once the problems are fixed")
    }
    live.load()
    say("watching \(live.watchedFolders.map { $0 + "/" }.joined(separator: " and ")) (\(watcher.mechanism)); Ctrl-C stops")
    while let changes = watcher.next(stop: stop.descriptor) {
        let paths = live.relevant(changes.paths)
        guard !paths.isEmpty || changes.overflowed else { continue }
        do {
            let rebuild = try live.rebuild(changed: paths, everything: changes.overflowed)
            if !rebuild.isEmpty {
                for warning in rebuild.warnings { printError("warning: \(warning)") }
                say(rebuild.summary)
            }
            rebuilt()
        } catch let failure as SiteBuildFailure {
            let plural = failure.problems.count == 1 ? "problem" : "problems"
            printError(failure.description + "\nhelpgen: \(failure.problems.count) \(plural); the output was not changed")
            failed(failure.description)
        } catch {
            printError("helpgen: \(error)")
            failed("\(error)")
        }
    }
    say("helpgen: stopped")
}
