import ArgumentParser
import Foundation
import FeatureKit
import AdministrativePracticeFeature
import DocumentControlFeature
import ProsecutorialSupervisionFeature
import PublicServicesFeature
import RasimCLI
import RiskFeature

/// The one list of features: each act's commands (between `serve` and the platform's tools) and its part of
/// the server.
enum Served {
    static let features: [any Feature] = [PublicServicesModule(demoApplications: demoApplications), RiskModule(), PracticeModule(), SupervisionModule(), DocumentsModule()]

    /// How many demo applications `rasim serve --demo` makes: 300, or `RASIM_DEMO_APPLICATIONS` (0–1 000 000) —
    /// to try the workspace, or measure it (Benchmarks/pages), at a body's or a region's scale.
    static var demoApplications: Int {
        guard let text = ProcessInfo.processInfo.environment["RASIM_DEMO_APPLICATIONS"], !text.isEmpty else { return 300 }
        guard let n = Int(text), (0...1_000_000).contains(n) else {
            FileHandle.standardError.write(Data("warning: RASIM_DEMO_APPLICATIONS=\(text) is not a number from 0 to 1000000; 300 demo applications are made\n".utf8))
            return 300
        }
        return n
    }
}

struct Rasim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rasim", abstract: RasimMain.abstract, discussion: RasimMain.discussion, version: RasimMain.version,
        subcommands: RasimMain.serve + Served.features.flatMap(\.commands) + RasimMain.tools)
}

await RasimMain.run(Rasim.self, CommandLine.arguments, features: Served.features)
