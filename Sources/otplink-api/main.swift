print("otplink-api: not built yet")
