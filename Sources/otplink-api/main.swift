import OTPLinkAPI

await OTPLinkCommand.main()
