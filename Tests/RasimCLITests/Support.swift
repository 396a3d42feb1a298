import Foundation
import TestSupport
import Testing

/// The CLI suites call the shared runner `Rasim`.
typealias Rasim = RasimProcess

/// Success with a bare value on stdout.
func expectValue(_ args: [String], _ value: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let r = try Rasim.run(args)
    #expect(r.status == 0, "\(r)", sourceLocation: sourceLocation)
    #expect(r.out == value, "\(args.joined(separator: " ")): \(r)", sourceLocation: sourceLocation)
}

/// True when the value is a non-empty string.
func nonEmpty(_ j: JSON?) -> Bool { !(j?.string ?? "").isEmpty }
