import ArgumentParser
import PublicServicesFeature
import RasimCLI
import RiskFeature

/// The one list of features: each act's commands, between `serve` and the platform's tools.
struct Rasim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rasim", abstract: RasimMain.abstract, discussion: RasimMain.discussion, version: RasimMain.version,
        subcommands: RasimMain.serve + PublicServicesCommands.all + RiskCommands.all + RasimMain.tools)
}

await RasimMain.run(Rasim.self, CommandLine.arguments)
