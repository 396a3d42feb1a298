import ArgumentParser
import CommandKit
import FeatureKit
import Foundation
import JSONKit
import Storage
import WebKit
import WebServer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `rasim findings`: the findings each act keeps (its judgements, stored with what they rest on).
struct FindingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "findings", abstract: "The findings the acts keep.", subcommands: [FindingsRebuildCommand.self])
}

/// `rasim findings rebuild`: after new rules, a new build, a changed catalog or calendar, every kept judgement that
/// no longer holds is made again now rather than on the next read — a page at a time in key order, each page
/// committed before the next, so an interrupted rebuild, run again, goes on where it stopped (what it kept holds
/// and is skipped). The server may keep running meanwhile.
struct FindingsRebuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild", abstract: "Judge again every kept finding that no longer holds (new rules, catalog or calendar); resumable.",
        discussion: """
            Progress goes to standard error (a bar on a terminal, a line per tenth otherwise). Prints, per act that keeps \
            judgements, {"module", "rules", "subjects", "firstJudged", "judgedAgain", "changed", "findingsBefore", "findingsAfter"}: \
            "changed" counts subjects judged again whose findings were added, removed or worded otherwise. Interrupted, run it again: \
            what was kept holds and is skipped.
            """)
    @Option(help: "Subjects judged and committed together.") var batch = 2000
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var options: CalendarOptions

    func run() async throws {
        guard (1...100_000).contains(batch) else { throw CLIError(code: "invalid_input", message: "a batch is 1 to 100000 subjects", path: "--batch") }
        let calendar = try options.load()
        let features: [any WebFeature]
        do { features = try Features.all.compactMap { try $0.web() } } catch { throw CLIError(code: "invalid_data", message: "\(error)", path: "$") }
        let batch = self.batch
        let bar = ProgressLine(terminal: isatty(2) == 1)
        let outcomes = try await db.with { database in
            let server: RasimServer
            do { server = try RasimServer(store: Store(database), calendar: calendar, features: features) } catch {
                throw CLIError(code: "invalid_data", message: "\(error)", path: "$")
            }
            let outcome = try await server.rebuildJudgements(batch: batch) { module, done, total in bar.show(module, done, total) }
            try await database.optimize()
            return outcome
        }
        bar.finish()
        writeOut(JSONText.object([("rebuilt", JSONText.array(outcomes.map { o in
            JSONText.object([("module", JSONText.string(o.module)), ("rules", JSONText.string(o.rules)), ("subjects", String(o.subjects)),
                             ("firstJudged", String(o.firstJudged)), ("judgedAgain", String(o.judgedAgain)), ("changed", String(o.changed)),
                             ("findingsBefore", String(o.findingsBefore)), ("findingsAfter", String(o.findingsAfter))])
        }))]))
    }
}

/// Progress on standard error: on a terminal one line redrawn (a bar, the count, the rate); otherwise a line at
/// each further tenth, so a log stays short.
final class ProgressLine: @unchecked Sendable {
    let terminal: Bool
    private let lock = NSLock()
    private var lastTenth: [String: Int] = [:]
    private let started = Date()
    private var drawn = false

    init(terminal: Bool) { self.terminal = terminal }

    func show(_ module: String, _ done: Int, _ total: Int) {
        lock.withLock {
            let share = total == 0 ? 1.0 : Double(done) / Double(total)
            let rate = Double(done) / max(Date().timeIntervalSince(started), 0.001)
            if terminal {
                let width = 30, filled = Int(share * Double(width))
                let line = "\r\(module) [" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                    + "] \(done)/\(total) \(Int(share * 100))% \(Int(rate))/s"
                FileHandle.standardError.write(Data(line.utf8))
                drawn = true
            } else {
                let tenth = Int(share * 10)
                guard tenth != lastTenth[module] else { return }
                lastTenth[module] = tenth
                FileHandle.standardError.write(Data("\(module): \(done)/\(total) (\(Int(share * 100))%)\n".utf8))
            }
        }
    }

    func finish() { lock.withLock { if drawn { FileHandle.standardError.write(Data("\n".utf8)) } } }
}
