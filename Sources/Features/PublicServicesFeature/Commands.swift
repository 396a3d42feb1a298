import ArgumentParser

/// PS-VIOLATIONS-2025's commands, for the executable's list.
public enum PublicServicesCommands {
    public static let all: [any ParsableCommand.Type] = [CheckCommand.self, ScanCommand.self]
}
