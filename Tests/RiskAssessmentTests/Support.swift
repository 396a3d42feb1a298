import BundledData
import RiskFeature
import Foundation
import LegalCore
import RiskAssessment
import TestSupport
import Testing

/// The bundled PS-RISK-2023 criteria, loaded once.
let criteria: RiskCriteria = {
    do { return try RiskData.criteria() } catch { fatalError("risk.json does not load: \(error)") }
}()

func day(_ s: String) -> LocalDate {
    guard let d = LocalDate(s) else { fatalError("bad date literal \(s)") }
    return d
}

/// The degrees as docs/acts.md §4 groups them, for building assessed sets by hand.
enum Numbers {
    static let gross: Set<Int> = [9, 11, 12, 13, 14, 15, 16, 17, 19, 20, 23, 26, 32, 33, 35]
    static let significant: [Int] = [1, 2, 3, 5, 7, 8, 10, 18, 21, 24, 25, 27, 28, 29, 34]
    static let minor: [Int] = [4, 6, 22, 30, 31]
}

/// A degree's (SP1, SP2, score), comparable (DegreeScore has no public initializer).
struct D: Equatable, CustomStringConvertible {
    var assessed: Int, violated: Int, score: Rational
    init(_ assessed: Int, _ violated: Int, _ score: Rational) { self.assessed = assessed; self.violated = violated; self.score = score }
    init(_ d: DegreeScore) { self.init(d.assessed, d.violated, d.score) }
    var description: String { "(SP1 \(assessed), SP2 \(violated), \(score))" }
}

/// A subject's objective facts with every criterion off unless given.
func objective(services: Int = 0, complaints: Int = 0, art465: Bool = false, media: Bool = false,
               inspections: Int = 0, refusals: Bool = false) -> SubjectData.Objective {
    SubjectData.Objective(servicesRenderedLast6Months: services, complaintsToAuthorizedBodyLast6Months: complaints,
                          art465LiabilityLastYear: art465, negativeMediaLastYear: media, inspectionsLastYear: inspections,
                          refusalsInInternalControlReport: refusals)
}

/// An objectively HIGH subject (criterion 1) with the given subjective data.
func subject(_ id: String, high: Bool = true, assessed: Set<Int>? = nil, violated: Set<Int>,
             lastVisit: String? = nil) -> SubjectData {
    SubjectData(id: id, objective: high ? objective(services: 1001) : objective(),
                assessed: assessed, violated: violated, lastVisit: lastVisit.map(day))
}

/// The repository root: walk up from this file until Package.swift.
let repoRoot: URL = {
    var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while dir.path != "/" {
        if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
        dir = dir.deletingLastPathComponent()
    }
    fatalError("Package.swift not found above \(#filePath)")
}()

extension RasimProcess {
    /// `rasim risk -` on the given JSON text.
    static func risk(_ input: String) throws -> Result { try run(["risk", "-"], stdin: input) }
}

