import ArgumentParser
import CommandKit
import Foundation
import JSONKit
import PublicServicesFeature
import RiskFeature

/// `rasim` — the command line. Every failure becomes one JSON object on standard error and exit status 2
/// (contracts/README.md), nothing on standard output; help and version print as usual.
public enum RasimMain {
    public static func run(_ arguments: [String]) async -> Never {
        do {
            var command = try Rasim.parseAsRoot(Array(arguments.dropFirst()))
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
            if Rasim.exitCode(for: error) == .success {
                print(Rasim.fullMessage(for: error))
                exit(0)
            }
            CLIError(code: "invalid_input", message: Rasim.message(for: error), path: "$args").emit()
            exit(2)
        }
    }
}

public struct Rasim: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "rasim",
        abstract: "Rasim (рәсім): Kazakhstan's administrative procedures and public services, judged against the law.",
        discussion: """
        Every finding cites its source; every date is judged with the Kazakh working-day calendar.
        Errors are printed as one JSON object on standard error, with exit status 2.
        """,
        version: "0.1.0",
        subcommands: [ServeCommand.self, CheckCommand.self, ScanCommand.self, RiskCommand.self, ChecklistCommand.self, CalendarCommand.self,
                      ValidateCommand.self, UserCommand.self, TokenCommand.self, AuditCommand.self,
                      OrgCommand.self, ServiceCommand.self, OfficialCommand.self])
    public init() {}
}

