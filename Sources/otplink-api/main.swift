import OTPLinkAPI

await OTPLinkCommand.runAsMain()
