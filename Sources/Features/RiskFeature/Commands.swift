import ArgumentParser

/// PS-RISK-2023's commands, for the executable's list.
public enum RiskCommands {
    public static let all: [any ParsableCommand.Type] = [RiskCommand.self, ChecklistCommand.self]
}
