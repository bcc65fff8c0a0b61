# Turn a text file (IN) into a C string-literal fragment (OUT), one literal
# per line, so the tour scenario can live in examples/ as a normal file.
file(READ ${IN} content)
string(REPLACE "\\" "\\\\" content "${content}")
string(REPLACE "\"" "\\\"" content "${content}")
string(REPLACE "\n" "\\n\"\n\"" content "${content}")
file(WRITE ${OUT} "\"${content}\"\n")
