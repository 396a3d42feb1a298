import BundledData
import Foundation
import RiskAssessment

/// PS-RISK-2023's data bundled with the feature.
public enum RiskData {
    /// The criteria and the checklist (risk.json), checked against the data's own promises.
    public static func criteria() throws(DataFileError) -> RiskCriteria {
        let c = try JSONInput.decode(RiskCriteria.self, from: BundledData.resource("risk", in: Bundle.module), file: "risk.json")
        do { try c.validate() } catch { throw DataFileError(file: "risk.json", path: "$", message: error.description) }
        return c
    }
}
