import ArgumentParser
import FeatureKit
import LegalCore
import Storage
import WebKit
import WorkCalendar

/// MODEL-REG-2008 as the executable lists it: `rasim documents`.
public struct DocumentsModule: Feature {
    public init() {}
    public var commands: [any ParsableCommand.Type] { [DocumentsCommand.self] }
    public func web() throws -> (any WebFeature)? { nil }
}
