import Testing
@testable import LinkStoreSQLite
