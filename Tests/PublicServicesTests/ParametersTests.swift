import BundledData
import LegalCore
import PublicServices
import Testing

/// Issue 13: parameters are dated data with their citation, and cover every day a rule may be asked about.
@Suite("PS-VIOLATIONS-2025 parameters: dated, cited, covering the calendar")
struct ParametersTests {
    @Test("the complaint term is 5 working days on every day the calendar covers, with its citation")
    func complaintTerm() throws {
        let cal = try BundledData.calendar(overridesPath: nil, environment: [:])
        var d = cal.firstDay
        while d <= cal.lastDay {
            #expect(Parameters.complaintTerm(on: d) == .workingDays(5), "\(d)")
            d = d.adding(days: 29)
        }
        #expect(Parameters.complaintTerm(on: cal.lastDay) == .workingDays(5))
        let v = try Parameters.complaintTerm.inForce(on: cal.firstDay)
        #expect(v.citation.act.rawValue == "PS-LAW-2013" && v.citation.place.contains("App.1 #17"))
        #expect(Parameters.complaintTerm(on: LocalDate(year: 2012, month: 1, day: 1)!) == nil, "before the Law on public services there is no such term")
    }
}
