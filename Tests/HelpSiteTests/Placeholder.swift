import Testing
@testable import HelpSite
