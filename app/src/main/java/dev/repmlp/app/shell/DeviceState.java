package dev.repmlp.app.shell;

/** Where device detection stands; the status bar colours its device indicator by it. */
public enum DeviceState {
    /** Detection has not finished yet. */
    DETECTING,
    /** The engine loaded; the device text names what it runs on. */
    READY,
    /** The engine could not be loaded; the device text says why. */
    UNAVAILABLE
}
