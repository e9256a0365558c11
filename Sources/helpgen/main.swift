print("helpgen: not built yet")
