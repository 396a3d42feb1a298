import ArgumentParser
import FeatureKit
import PublicServicesFeature
import RasimCLI
import RiskFeature

/// The one list of features: each act's commands (between `serve` and the platform's tools) and its part of
/// the server.
enum Served {
    static let features: [any Feature] = [PublicServicesModule(), RiskModule()]
}

struct Rasim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rasim", abstract: RasimMain.abstract, discussion: RasimMain.discussion, version: RasimMain.version,
        subcommands: RasimMain.serve + Served.features.flatMap(\.commands) + RasimMain.tools)
}

await RasimMain.run(Rasim.self, CommandLine.arguments, features: Served.features)
