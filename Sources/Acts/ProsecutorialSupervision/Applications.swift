import LegalCore

/// An application for a protest: §27 (what a cassation application must contain, and its return), §18 (the
/// instruction to requisition the case within 3 working days; the court's 7 тәулік; telling the applicant of a case
/// outside §6 that he may appeal himself). Both paragraphs were reworded in 2016: judged only in force.
enum Applications {
    /// §27's items, in the contract's order.
    static let items: [(key: String, name: String)] = [
        ("addressee", "addressee"), ("applicantName", "applicant_name"), ("applicantResidence", "applicant_residence"),
        ("applicantStatus", "applicant_status"), ("courtsAndDecisions", "courts_and_decisions"),
        ("contestedResolution", "contested_resolution"), ("violationAndRequest", "violation_and_request"),
    ]

    static func judge(_ a: Application, case c: Case, caseRow: SupervisionResult.CaseRow, _ ctx: inout Context) throws(SupervisionError) -> SupervisionResult.ApplicationRow {
        var status = ValidityStatus.of(a.receivedOn)
        if status == .inForce, caseRow.validity != .inForce { status = caseRow.validity }
        var row = SupervisionResult.ApplicationRow(id: a.id, validity: status)
        guard status == .inForce else {
            ctx.marker(.application, a.id, status)
            return row
        }
        // §27 (cassation applications only).
        var expected = "consider"
        if a.kind == .cassationProtest {
            var missing = items.filter { a.contents[$0.key] != true }.map(\.name)
            if a.signedBy == .none { missing.append("signature") }
            if a.signedBy == .representative, !a.powerOfAttorney { missing.append("power_of_attorney") }
            if !a.certifiedCopies { missing.append("certified_copies") }
            row.missing = missing
            if !missing.isEmpty { expected = "return" }
            if !missing.isEmpty, a.handling == .considered || a.handling == .refused {
                ctx.add(.application, a.id, .applicationNotReturned, cite("§27"), Texts.notReturned(a.id, missing: missing))
            }
        }
        row.expectedHandling = expected
        if expected == "consider", a.handling == .returned {
            ctx.add(.application, a.id, .applicationReturnedWithoutGround, cite("§27"), Texts.returnedWithoutGround(a.id))
        }
        // §18: the instruction to requisition the case.
        let mandatory = caseRow.mandatory ?? false
        let required = expected != "return"
            && (a.kind == .cassationProtest || (mandatory && (c.enteredIntoForceOn.map { $0 <= a.receivedOn } ?? false)))
        row.requisitionRequired = required
        if required || a.requisitionInstructedOn != nil {
            let due = try ctx.workingDays(3, after: a.reachedExaminerOn ?? a.receivedOn)
            row.requisitionDue = due
            try ctx.term(.application, a.id, .requisition, due: due, done: a.requisitionInstructedOn, citation: cite("§18"), workingDays: true)
        }
        // §18 and AOC Art. 848(3): the court sends the case within 7 тәулік of receiving the request.
        if let reached = a.requestReachedCourtOn {
            let due = try ctx.days(7, after: reached)
            row.courtDue = due
            try ctx.term(.application, a.id, .courtRequisition, due: due, done: a.courtSentCaseOn, citation: cite("§18"), workingDays: false)
        }
        row.explainRightToAppeal = a.kind == .appealProtest && !mandatory
        return row
    }
}
