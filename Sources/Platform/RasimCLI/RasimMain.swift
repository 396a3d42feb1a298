import ArgumentParser
import CommandKit
import FeatureKit
import Foundation
import JSONKit

/// `rasim` — the command line. Every failure becomes one JSON object on standard error and exit status 2
/// (docs/reference/README.md), nothing on standard output; help and version print as usual. The root command, with
/// the features' commands, is the executable's (`Sources/rasim/main.swift`).
public enum RasimMain {
    /// `serve`, first in the help.
    public static let serve: [any ParsableCommand.Type] = [ServeCommand.self]
    /// The commands of the platform and those not yet moved to a feature, after the features' in the help.
    public static let tools: [any ParsableCommand.Type] = [CalendarCommand.self, ValidateCommand.self, UserCommand.self, TokenCommand.self,
                                                          AuditCommand.self, OrgCommand.self, NotifyCommand.self, BackupCommand.self,
                                                          FindingsCommand.self]
    public static let abstract = "Rasim (рәсім): Kazakhstan's administrative procedures and public services, judged against the law."
    public static let discussion = """
        Every finding cites its source; every date is judged with the Kazakh working-day calendar.
        Errors are printed as one JSON object on standard error, with exit status 2.
        Reference, in the repository: docs/reference/README.md (every JSON command and the HTTP API), docs/reference/cli.md (every command and option).
        """
    public static let version = "0.1.0"

    /// Runs the command line; `features` are the executable's list (`rasim serve` serves them).
    public static func run<Root: ParsableCommand>(_ root: Root.Type, _ arguments: [String], features: [any Feature]) async -> Never {
        Features.set(features)
        do {
            var command = try root.parseAsRoot(Array(arguments.dropFirst()))
            if var async = command as? any AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
            exit(0)
        } catch let e as CLIError {
            e.emit()
            exit(e.exitCode)
        } catch let e as ExitCode {
            exit(e.rawValue)
        } catch {
            if root.exitCode(for: error) == .success {
                print(root.fullMessage(for: error))
                exit(0)
            }
            CLIError(code: "invalid_input", message: root.message(for: error), path: "$args").emit()
            exit(2)
        }
    }
}


