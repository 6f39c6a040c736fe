package dev.repmlp.app.shell;

import javafx.scene.Node;

/** Builds the view of a page; the shell calls it once per page, when the page is first shown. */
@FunctionalInterface
public interface PageFactory {

    Node create(Page page);
}
